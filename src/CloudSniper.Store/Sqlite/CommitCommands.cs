using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The prepared statements of a commit, created once per writer connection and reused for every batch. Apart from
/// the per-finding upsert, each statement handles a whole batch: its rows arrive as one JSON array parameter that
/// SQLite unpacks with <c>json_each</c>, which costs one statement per table per batch instead of one per row.
/// </summary>
internal sealed class CommitCommands : IDisposable
{
    private readonly SqliteCommand[] _all;

    public CommitCommands(SqliteConnection connection)
    {
        UpsertFinding = Create(connection, """
            INSERT INTO findings (id, updated, version, source, type, severity, account_id, doc, raw)
            VALUES ($id, $updated, 1, $source, $type, $severity, $account, $doc, $raw)
            ON CONFLICT (id) DO UPDATE SET
                updated = excluded.updated, version = findings.version + 1, source = excluded.source, type = excluded.type,
                severity = excluded.severity, account_id = excluded.account_id, doc = excluded.doc, raw = excluded.raw
            WHERE excluded.updated > findings.updated
            RETURNING version
            """, "$id", "$updated", "$source", "$type", "$severity", "$account", "$doc", "$raw");

        ClearStage = Create(connection, "DELETE FROM temp.batch_sightings");

        // A staged sighting is new when no row holds its key yet; the indicator's counter grows by the new ones only.
        StageSightings = Create(connection, """
            INSERT INTO temp.batch_sightings
            SELECT j ->> 0, j ->> 1, j ->> 2, j ->> 3, j ->> 4, j ->> 5, j ->> 6, j ->> 7, j ->> 8, j ->> 9, j ->> 10,
                   NOT EXISTS (SELECT 1 FROM main.sightings s WHERE s.ioc = j ->> 0 AND s.source_id = j ->> 2)
            FROM (SELECT value AS j FROM json_each($rows))
            """, "$rows");

        ApplySightings = Create(connection, """
            INSERT INTO main.sightings (ioc, source_id, source, role, account_id, region, first_seen, last_seen, count, from_finding)
            SELECT ioc, source_id, source, role, account_id, region, first_seen, last_seen, count, 1 FROM temp.batch_sightings WHERE true
            ON CONFLICT (ioc, source_id) DO UPDATE SET
                source = excluded.source, role = excluded.role, account_id = excluded.account_id, region = excluded.region,
                last_seen = excluded.last_seen, count = excluded.count
            """);

        ApplyIocs = Create(connection, """
            INSERT INTO main.iocs (value, type, first_seen, last_seen, sightings, confidence)
            SELECT ioc, min(type), min(first_seen), max(last_seen), sum(is_new), max(confidence) FROM temp.batch_sightings WHERE true GROUP BY ioc
            ON CONFLICT (value) DO UPDATE SET
                first_seen = min(iocs.first_seen, excluded.first_seen), last_seen = max(iocs.last_seen, excluded.last_seen),
                sightings = iocs.sightings + excluded.sightings, confidence = max(iocs.confidence, excluded.confidence)
            """);

        ApplyIocAttributes = Create(connection, """
            INSERT OR IGNORE INTO main.ioc_attributes (ioc, kind, value)
            SELECT DISTINCT ioc, 0, source FROM temp.batch_sightings
            UNION SELECT DISTINCT ioc, 1, account_id FROM temp.batch_sightings WHERE account_id IS NOT NULL
            UNION SELECT DISTINCT ioc, 2, region FROM temp.batch_sightings WHERE region IS NOT NULL
            """);

        UpsertIncidents = Create(connection, """
            INSERT INTO incidents (id, kind, key, max_severity, first_seen, last_seen, account_id, region)
            SELECT j ->> 0, j ->> 1, j ->> 2, j ->> 3, j ->> 4, j ->> 5, j ->> 6, j ->> 7 FROM (SELECT value AS j FROM json_each($rows)) WHERE true
            ON CONFLICT (id) DO UPDATE SET
                max_severity = max(incidents.max_severity, excluded.max_severity),
                first_seen = min(incidents.first_seen, excluded.first_seen), last_seen = max(incidents.last_seen, excluded.last_seen),
                account_id = coalesce(incidents.account_id, excluded.account_id), region = coalesce(incidents.region, excluded.region)
            """, "$rows");

        UpsertIncidentFindings = Create(connection, """
            INSERT INTO incident_findings (incident_id, finding_id, last_seen)
            SELECT j ->> 0, j ->> 1, j ->> 2 FROM (SELECT value AS j FROM json_each($rows)) WHERE true
            ON CONFLICT (incident_id, finding_id) DO UPDATE SET last_seen = max(incident_findings.last_seen, excluded.last_seen)
            """, "$rows");

        InsertIncidentTypes = Create(connection, """
            INSERT OR IGNORE INTO incident_types (incident_id, type)
            SELECT j ->> 0, j ->> 1 FROM (SELECT value AS j FROM json_each($rows))
            """, "$rows");

        _all = [UpsertFinding, ClearStage, StageSightings, ApplySightings, ApplyIocs, ApplyIocAttributes, UpsertIncidents, UpsertIncidentFindings, InsertIncidentTypes];
    }

    public SqliteCommand UpsertFinding { get; }

    public SqliteCommand ClearStage { get; }

    public SqliteCommand StageSightings { get; }

    public SqliteCommand ApplySightings { get; }

    public SqliteCommand ApplyIocs { get; }

    public SqliteCommand ApplyIocAttributes { get; }

    public SqliteCommand UpsertIncidents { get; }

    public SqliteCommand UpsertIncidentFindings { get; }

    public SqliteCommand InsertIncidentTypes { get; }

    /// <summary>Enlists every statement in the transaction of the current batch.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in _all)
        {
            command.Transaction = transaction;
        }
    }

    public void Dispose()
    {
        foreach (var command in _all)
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
