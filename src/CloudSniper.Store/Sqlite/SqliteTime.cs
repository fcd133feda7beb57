namespace CloudSniper.Store.Sqlite;

/// <summary>Converts between <see cref="DateTimeOffset"/> and the UTC ticks the schema stores.</summary>
internal static class SqliteTime
{
    /// <summary>The stored form of a missing update time: older than any real one.</summary>
    public const long Missing = -1;

    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static long ToTicks(DateTimeOffset? value) => value?.UtcTicks ?? Missing;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
