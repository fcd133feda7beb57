namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The database schema as numbered migrations; <c>PRAGMA user_version</c> records how many have run. Times are UTC
/// ticks (exact to 100 ns and ordered as integers). The short sets an indicator or incident carries (sources,
/// accounts, regions, types) are <see cref="SqliteSets"/> columns the upsert itself extends, which saved one
/// statement per member per batch; the unbounded one, finding ids, comes from rows (sightings, incident_findings).
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migration <c>i</c> brings the schema from version <c>i</c> to <c>i + 1</c>.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE findings (
            id         TEXT PRIMARY KEY,
            updated    INTEGER NOT NULL, -- UpdatedAt in UTC ticks, -1 when absent: the oldest
            version    INTEGER NOT NULL, -- 1 when inserted, one more per replacement
            source     TEXT NOT NULL,
            type       TEXT NOT NULL,
            severity   REAL NOT NULL,
            account_id TEXT,
            doc        BLOB NOT NULL,    -- FindingDocument: the finding and its raw document, compressed together
            raw        TEXT NOT NULL     -- '' (rows written before FindingDocument: doc is FindingJson without Raw, and Raw is here)
        );
        -- (type, rowid): a batch appends to each type's range; (type, id) scattered a random id per finding over
        -- the whole index and cost a fifth of a commit's pages.
        CREATE INDEX findings_by_type ON findings (type);

        CREATE TABLE iocs (
            value       TEXT PRIMARY KEY,
            type        TEXT NOT NULL,
            first_seen  INTEGER NOT NULL,
            last_seen   INTEGER NOT NULL,
            sightings   INTEGER NOT NULL,
            confidence  INTEGER NOT NULL,
            expires_at  INTEGER,
            description TEXT,
            sources     TEXT NOT NULL,
            accounts    TEXT NOT NULL,
            regions     TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE sightings (
            ioc          TEXT NOT NULL,
            source_id    TEXT NOT NULL,
            source       TEXT NOT NULL,
            role         TEXT NOT NULL,
            account_id   TEXT,
            region       TEXT,
            first_seen   INTEGER NOT NULL,
            last_seen    INTEGER NOT NULL,
            count        INTEGER NOT NULL,
            from_finding INTEGER NOT NULL,
            PRIMARY KEY (ioc, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE incidents (
            id           TEXT PRIMARY KEY,
            kind         TEXT NOT NULL,
            key          TEXT NOT NULL,
            max_severity REAL NOT NULL,
            first_seen   INTEGER NOT NULL,
            last_seen    INTEGER NOT NULL,
            account_id   TEXT,
            region       TEXT,
            status       TEXT NOT NULL DEFAULT 'open',
            types        TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Keyed by the finding's first-seen time, which its later copies keep, so new members append at the end of
        -- their incident's range (one page touched per incident per batch, not one per random finding id) and the
        -- most recent ones read backwards from there.
        CREATE TABLE incident_findings (
            incident_id TEXT NOT NULL,
            first_seen  INTEGER NOT NULL,
            finding_id  TEXT NOT NULL,
            PRIMARY KEY (incident_id, first_seen, finding_id)
        ) WITHOUT ROWID;

        CREATE TABLE audit (
            seq        INTEGER PRIMARY KEY,
            id         TEXT NOT NULL UNIQUE,
            time       INTEGER NOT NULL,
            actor      TEXT NOT NULL,
            action     TEXT NOT NULL,
            subject    TEXT NOT NULL,
            outcome    TEXT NOT NULL,
            finding_id TEXT,
            details    TEXT NOT NULL
        );
        CREATE INDEX audit_by_time ON audit (time, id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
    ];
}
