using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>The statements of a commit, prepared once per writer connection and reused for every batch.</summary>
internal sealed class CommitCommands : IDisposable
{
    public CommitCommands(SqliteConnection connection)
    {
        // Returns the row's version: 1 when inserted, more when replaced, no row when the stored copy is as new.
        UpsertFinding = new SqliteStatement(connection, """
            INSERT INTO findings (id, updated, version, source, type, severity, account_id, doc, raw)
            VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, '')
            ON CONFLICT (id) DO UPDATE SET
                updated = excluded.updated, version = findings.version + 1, source = excluded.source, type = excluded.type,
                severity = excluded.severity, account_id = excluded.account_id, doc = excluded.doc, raw = ''
            WHERE excluded.updated > findings.updated
            RETURNING version
            """);

        // One change means the sighting is new and counts; none means it exists and is refreshed instead.
        InsertSighting = new SqliteStatement(connection, """
            INSERT INTO sightings (ioc, source_id, source, role, account_id, region, first_seen, last_seen, count, from_finding)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)
            ON CONFLICT (ioc, source_id) DO NOTHING
            """);

        RefreshSighting = new SqliteStatement(connection, """
            UPDATE sightings SET source = ?3, role = ?4, account_id = ?5, region = ?6, last_seen = ?8, count = ?9
            WHERE ioc = ?1 AND source_id = ?2
            """);

        // Called once per indicator per batch, and once more per extra source, account or region the batch brings
        // (with ?5 = 0, so the counter grows once): every other column merges idempotently.
        UpsertIoc = new SqliteStatement(connection, $"""
            INSERT INTO iocs (value, type, first_seen, last_seen, sightings, confidence, sources, accounts, regions)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, {SqliteSets.Single("?7")}, {SqliteSets.Single("?8")}, {SqliteSets.Single("?9")})
            ON CONFLICT (value) DO UPDATE SET
                first_seen = min(iocs.first_seen, excluded.first_seen), last_seen = max(iocs.last_seen, excluded.last_seen),
                sightings = iocs.sightings + excluded.sightings, confidence = max(iocs.confidence, excluded.confidence),
                sources = {SqliteSets.Union("iocs.sources", "excluded.sources")},
                accounts = {SqliteSets.Union("iocs.accounts", "excluded.accounts")},
                regions = {SqliteSets.Union("iocs.regions", "excluded.regions")}
            """);

        // Called once per incident per batch, and once more per extra finding type: every column merges idempotently.
        UpsertIncident = new SqliteStatement(connection, $"""
            INSERT INTO incidents (id, kind, key, max_severity, first_seen, last_seen, account_id, region, types)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {SqliteSets.Single("?9")})
            ON CONFLICT (id) DO UPDATE SET
                max_severity = max(incidents.max_severity, excluded.max_severity),
                first_seen = min(incidents.first_seen, excluded.first_seen), last_seen = max(incidents.last_seen, excluded.last_seen),
                account_id = coalesce(incidents.account_id, excluded.account_id), region = coalesce(incidents.region, excluded.region),
                types = {SqliteSets.Union("incidents.types", "excluded.types")}
            """);

        UpsertIncidentFinding = new SqliteStatement(connection, "INSERT OR IGNORE INTO incident_findings (incident_id, first_seen, finding_id) VALUES (?1, ?2, ?3)");
    }

    public SqliteStatement UpsertFinding { get; }

    public SqliteStatement InsertSighting { get; }

    public SqliteStatement RefreshSighting { get; }

    public SqliteStatement UpsertIoc { get; }

    public SqliteStatement UpsertIncident { get; }

    public SqliteStatement UpsertIncidentFinding { get; }

    public void Dispose()
    {
        UpsertFinding.Dispose();
        InsertSighting.Dispose();
        RefreshSighting.Dispose();
        UpsertIoc.Dispose();
        UpsertIncident.Dispose();
        UpsertIncidentFinding.Dispose();
    }
}
