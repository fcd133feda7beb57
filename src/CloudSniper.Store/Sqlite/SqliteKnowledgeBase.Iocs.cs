using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>Indicators and their sightings.</summary>
public sealed partial class SqliteKnowledgeBase
{
    // Finding ids are the most recent ones, capped, read from the sightings.
    private static readonly string IocColumns = $"""
        i.value, i.type, i.first_seen, i.last_seen, i.sightings, i.confidence, i.expires_at, i.description,
        i.sources, i.accounts, i.regions,
        (SELECT json_group_array(source_id) FROM (SELECT source_id FROM sightings s WHERE s.ioc = i.value AND s.from_finding = 1
            ORDER BY s.last_seen DESC, s.source_id LIMIT {KnowledgeBaseRules.MaxFindingIds}))
        """;

    /// <inheritdoc />
    public async Task<Ioc?> GetIocAsync(string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return ReadIoc(connection, null, value);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Ioc> ListIocsAsync(IocQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Type is { } type)
        {
            where.Add("i.type = $type");
            command.Parameters.AddWithValue("$type", type.ToString());
        }

        if (!string.IsNullOrEmpty(query.Contains))
        {
            // instr over lower-cased text: a case-insensitive substring match with no LIKE wildcards to escape.
            where.Add("instr(lower(i.value), lower($contains)) > 0");
            command.Parameters.AddWithValue("$contains", query.Contains);
        }

        if (!string.IsNullOrEmpty(query.Source))
        {
            where.Add("instr(i.sources, char(31) || $source || char(31)) > 0");
            command.Parameters.AddWithValue("$source", query.Source);
        }

        if (query.ActiveOnly)
        {
            // The SQL form of KnowledgeBaseRules.IsActive: exclusive at both the explicit expiry and the TTL edge.
            var now = query.Now ?? _time.GetUtcNow();
            where.Add("(i.expires_at IS NULL OR i.expires_at > $now)");
            command.Parameters.AddWithValue("$now", SqliteTime.ToTicks(now));
            if (KnowledgeBaseRules.StaleAtOrBefore(now, query.Ttl) is { } stale)
            {
                where.Add("i.last_seen > $stale");
                command.Parameters.AddWithValue("$stale", SqliteTime.ToTicks(stale));
            }
        }

        command.CommandText = $"SELECT {IocColumns} FROM iocs i {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY i.last_seen DESC, i.value LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ToIoc(reader);
        }
    }

    /// <inheritdoc />
    public async Task<Ioc> AddIocAsync(IocObservation observation, string source, DateTimeOffset at, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer;
            using var transaction = writer.BeginTransaction(deferred: false);
            var when = SqliteTime.ToTicks(at);
            long count;
            using (var sighting = writer.CreateCommand())
            {
                sighting.Transaction = transaction;
                sighting.CommandText = """
                    INSERT INTO sightings (ioc, source_id, source, role, account_id, region, first_seen, last_seen, count, from_finding)
                    VALUES ($ioc, $source, $source, $role, NULL, NULL, $at, $at, 1, 0)
                    ON CONFLICT (ioc, source_id) DO UPDATE SET
                        role = excluded.role, first_seen = min(first_seen, excluded.first_seen),
                        last_seen = max(last_seen, excluded.last_seen), count = count + 1
                    RETURNING count
                    """;
                sighting.Parameters.AddWithValue("$ioc", observation.Value);
                sighting.Parameters.AddWithValue("$source", source);
                sighting.Parameters.AddWithValue("$role", observation.Role.ToString());
                sighting.Parameters.AddWithValue("$at", when);
                count = (long)sighting.ExecuteScalar()!;
            }

            using (var ioc = writer.CreateCommand())
            {
                ioc.Transaction = transaction;
                ioc.CommandText = $"""
                    INSERT INTO iocs (value, type, first_seen, last_seen, sightings, confidence, expires_at, description, sources, accounts, regions)
                    VALUES ($value, $type, $at, $at, $new, $confidence, $expires, $description, {SqliteSets.Single("$source")}, '', '')
                    ON CONFLICT (value) DO UPDATE SET
                        first_seen = min(iocs.first_seen, excluded.first_seen), last_seen = max(iocs.last_seen, excluded.last_seen),
                        sightings = iocs.sightings + excluded.sightings, confidence = max(iocs.confidence, excluded.confidence),
                        expires_at = excluded.expires_at, description = coalesce(excluded.description, iocs.description),
                        sources = {SqliteSets.Union("iocs.sources", "excluded.sources")}
                    """;
                ioc.Parameters.AddWithValue("$value", observation.Value);
                ioc.Parameters.AddWithValue("$type", observation.Type.ToString());
                ioc.Parameters.AddWithValue("$at", when);
                ioc.Parameters.AddWithValue("$new", count == 1 ? 1 : 0);
                ioc.Parameters.AddWithValue("$confidence", observation.Confidence);
                ioc.Parameters.AddWithValue("$expires", expiresAt is { } e ? SqliteTime.ToTicks(e) : DBNull.Value);
                ioc.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
                ioc.Parameters.AddWithValue("$source", source);
                ioc.ExecuteNonQuery();
            }

            var stored = ReadIoc(writer, transaction, observation.Value) ?? throw new InvalidOperationException($"indicator {observation.Value} vanished while being added");
            transaction.Commit();
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveIocAsync(string value, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer;
            using var transaction = writer.BeginTransaction(deferred: false);
            using var command = writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM sightings WHERE ioc = $value;
                DELETE FROM iocs WHERE value = $value;
                """;
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
            var removed = Convert.ToInt64(Scalar(writer, transaction, "SELECT changes()"), System.Globalization.CultureInfo.InvariantCulture) > 0;
            transaction.Commit();
            return removed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Sighting> ListSightingsAsync(string iocValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ioc, source_id, source, role, account_id, region, first_seen, last_seen, count
            FROM sightings WHERE ioc = $ioc ORDER BY source_id
            """;
        command.Parameters.AddWithValue("$ioc", iocValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new Sighting(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                SqliteTime.FromTicks(reader.GetInt64(6)),
                SqliteTime.FromTicks(reader.GetInt64(7)),
                reader.GetInt64(8));
        }
    }

    private static Ioc? ReadIoc(SqliteConnection connection, SqliteTransaction? transaction, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {IocColumns} FROM iocs i WHERE i.value = $value";
        command.Parameters.AddWithValue("$value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ToIoc(reader) : null;
    }

    private static Ioc ToIoc(SqliteDataReader reader) => new()
    {
        Value = reader.GetString(0),
        Type = Enum.Parse<IocType>(reader.GetString(1)),
        FirstSeen = SqliteTime.FromTicks(reader.GetInt64(2)),
        LastSeen = SqliteTime.FromTicks(reader.GetInt64(3)),
        Sightings = reader.GetInt64(4),
        Confidence = reader.GetInt32(5),
        ExpiresAt = reader.IsDBNull(6) ? null : SqliteTime.FromTicks(reader.GetInt64(6)),
        Description = reader.IsDBNull(7) ? null : reader.GetString(7),
        Sources = SqliteSets.Read(reader.GetString(8)),
        Accounts = SqliteSets.Read(reader.GetString(9)),
        Regions = SqliteSets.Read(reader.GetString(10)),
        FindingIds = JsonList(reader.GetString(11)),
    };

    private static ImmutableArray<string> JsonList(string json)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                builder.Add(reader.GetString()!);
            }
        }

        builder.Sort(StringComparer.Ordinal);
        return builder.ToImmutable();
    }
}
