using CloudSniper.Core.Dns;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The domain history in the knowledge base's SQLite file: table <c>dns_domains</c> (registered domain, first and last
/// time, Unix milliseconds), created on first use. One transaction a call, so two processes recording at once agree
/// on which of them saw a domain first.
/// </summary>
public sealed class SqliteDomainHistory : IDomainHistory
{
    private readonly string _connectionString;
    private bool _created;

    /// <summary>Uses the database file at <paramref name="path"/> (opened on each call).</summary>
    public SqliteDomainHistory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 60 }.ToString();
    }

    /// <inheritdoc />
    public async Task<DomainHistoryUpdate> RecordAsync(IReadOnlyCollection<string> domains, DateTimeOffset seenAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domains);
        await using var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_created)
        {
            await using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS dns_domains (domain TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        // BEGIN IMMEDIATE: take the write lock before reading whether the table is empty, so a concurrent recorder waits.
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using var any = db.CreateCommand();
        any.Transaction = tx;
        any.CommandText = "SELECT EXISTS (SELECT 1 FROM dns_domains)";
        var wasEmpty = Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0;

        await using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT OR IGNORE INTO dns_domains (domain, first_seen, last_seen) VALUES ($d, $t, $t)";
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Integer);
        await using var update = db.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE dns_domains SET first_seen = min(first_seen, $t), last_seen = max(last_seen, $t) WHERE domain = $d";
        var ud = update.Parameters.Add("$d", SqliteType.Text);
        var ut = update.Parameters.Add("$t", SqliteType.Integer);
        var ms = seenAt.ToUnixTimeMilliseconds();
        t.Value = ut.Value = ms;
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var domain in domains)
        {
            d.Value = domain;
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                added.Add(domain);
                continue;
            }

            ud.Value = domain;
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DomainHistoryUpdate(added, wasEmpty);
    }

    /// <summary>When <paramref name="domain"/> was first and last recorded, or null.</summary>
    public async Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        await using var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT first_seen, last_seen FROM dns_domains WHERE domain = $d";
        command.Parameters.AddWithValue("$d", domain);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
                : null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null;
        }
    }
}
