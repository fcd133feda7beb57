using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>Findings, incidents and the audit log.</summary>
public sealed partial class SqliteKnowledgeBase
{
    // The members of an indicator's incident are the findings that sighted the indicator (feed entries open no
    // incident); a resource's incident has rows of its own. Either way the most recent come first, capped.
    private static readonly string IncidentColumns = $"""
        i.id, i.kind, i.key, i.max_severity, i.first_seen, i.last_seen, i.account_id, i.region, i.status,
        CASE i.kind
            WHEN '{nameof(IncidentKind.Indicator)}' THEN
                (SELECT json_group_array(source_id) FROM (SELECT source_id FROM sightings s
                    WHERE s.ioc = substr(i.key, {IncidentKeys.IndicatorPrefix.Length + 1}) AND s.from_finding = 1 AND s.source <> '{KnowledgeBaseRules.SourceName(FindingSource.Feed)}'
                    ORDER BY s.first_seen DESC, s.source_id LIMIT {KnowledgeBaseRules.MaxFindingIds}))
            ELSE
                (SELECT json_group_array(finding_id) FROM (SELECT DISTINCT finding_id FROM incident_findings f WHERE f.incident_id = i.id
                    ORDER BY f.first_seen DESC LIMIT {KnowledgeBaseRules.MaxFindingIds}))
        END,
        i.types
        """;

    /// <inheritdoc />
    public async Task<Finding?> GetFindingAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, raw FROM findings WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ToFinding(reader) : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Finding> ListFindingsAsync(FindingQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Source is { } source)
        {
            where.Add("source = $source");
            command.Parameters.AddWithValue("$source", source.ToString());
        }

        if (!string.IsNullOrEmpty(query.TypePrefix))
        {
            // A range on the (type, id) index: every type starting with the prefix sorts between it and it + U+FFFF.
            where.Add("type >= $prefix AND type < $prefix || char(65535)");
            command.Parameters.AddWithValue("$prefix", query.TypePrefix);
        }

        if (query.MinSeverity is { } min)
        {
            where.Add("severity >= $min");
            command.Parameters.AddWithValue("$min", min);
        }

        if (query.AccountId is not null)
        {
            where.Add("account_id = $account");
            command.Parameters.AddWithValue("$account", query.AccountId);
        }

        command.CommandText = $"SELECT doc, raw FROM findings {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY type, rowid LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ToFinding(reader);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Type, int Count)>> CountFindingsByTypeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, count(*) AS n FROM findings GROUP BY type ORDER BY n DESC, type";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<(string, int)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return counts;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Incident> ListIncidentsAsync(IncidentQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Kind is { } kind)
        {
            where.Add("i.kind = $kind");
            command.Parameters.AddWithValue("$kind", kind.ToString());
        }

        if (query.MinSeverity is { } min)
        {
            where.Add("i.max_severity >= $min");
            command.Parameters.AddWithValue("$min", min);
        }

        command.CommandText = $"SELECT {IncidentColumns} FROM incidents i {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY i.last_seen DESC, i.id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ToIncident(reader);
        }
    }

    /// <inheritdoc />
    public async Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {IncidentColumns} FROM incidents i WHERE i.id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ToIncident(reader) : null;
    }

    /// <inheritdoc />
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = Writer.CreateCommand();
            command.CommandText = """
                INSERT INTO audit (id, time, actor, action, subject, outcome, finding_id, details)
                VALUES ($id, $time, $actor, $action, $subject, $outcome, $finding, $details)
                """;
            command.Parameters.AddWithValue("$id", entry.Id);
            command.Parameters.AddWithValue("$time", SqliteTime.ToTicks(entry.Time));
            command.Parameters.AddWithValue("$actor", entry.Actor);
            command.Parameters.AddWithValue("$action", entry.Action);
            command.Parameters.AddWithValue("$subject", entry.Subject);
            command.Parameters.AddWithValue("$outcome", entry.Outcome);
            command.Parameters.AddWithValue("$finding", (object?)entry.FindingId ?? DBNull.Value);
            command.Parameters.AddWithValue("$details", entry.Details);
            try
            {
                command.ExecuteNonQuery();
                }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException($"audit entry {entry.Id} already exists; the audit log is append-only", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ListAuditAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Subject is not null)
        {
            where.Add("subject = $subject");
            command.Parameters.AddWithValue("$subject", query.Subject);
        }

        if (query.FindingId is not null)
        {
            where.Add("finding_id = $finding");
            command.Parameters.AddWithValue("$finding", query.FindingId);
        }

        if (query.Since is { } since)
        {
            where.Add("time >= $since");
            command.Parameters.AddWithValue("$since", SqliteTime.ToTicks(since));
        }

        command.CommandText = $"""
            SELECT id, time, actor, action, subject, outcome, finding_id, details FROM audit
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY time, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditEntry(
                reader.GetString(0),
                SqliteTime.FromTicks(reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7));
        }
    }

    private static Finding ToFinding(SqliteDataReader reader)
    {
        using var doc = reader.GetStream(0);
        var bytes = new byte[doc.Length];
        doc.ReadExactly(bytes);
        return FindingDocument.IsEncoded(bytes) ? FindingDocument.Decode(bytes) : FindingJson.FromJson(bytes) with { Raw = reader.GetString(1) };
    }

    private static Incident ToIncident(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Kind = Enum.Parse<IncidentKind>(reader.GetString(1)),
        Key = reader.GetString(2),
        MaxSeverity = reader.GetDouble(3),
        FirstSeen = SqliteTime.FromTicks(reader.GetInt64(4)),
        LastSeen = SqliteTime.FromTicks(reader.GetInt64(5)),
        AccountId = reader.IsDBNull(6) ? null : reader.GetString(6),
        Region = reader.IsDBNull(7) ? null : reader.GetString(7),
        Status = reader.GetString(8),
        FindingIds = JsonList(reader.GetString(9)),
        Types = SqliteSets.Read(reader.GetString(10)),
    };
}
