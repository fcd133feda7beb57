using System.Globalization;

namespace CloudSniper.Core.Jobs;

/// <summary>
/// The window of data an incremental job reads: from its watermark (the end of the last successful run's window) to
/// now, or the first window back from now when there is no watermark yet; at most <see cref="Longest"/> long, so a
/// job that was off for weeks reads the latest week rather than everything since.
/// </summary>
public static class IncrementalWindow
{
    /// <summary>The longest window read in one run: seven days, the beacon analysis's limit.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <summary>The window (since inclusive, until exclusive) for a run at <paramref name="now"/>; null when the watermark is at or after now.</summary>
    public static (DateTimeOffset Since, DateTimeOffset Until)? For(string? watermark, DateTimeOffset now, TimeSpan firstWindow)
    {
        var since = Parse(watermark) ?? now - firstWindow;
        if (since < now - Longest)
        {
            since = now - Longest;
        }

        return since < now ? (since, now) : null;
    }

    /// <summary>The watermark text for an instant: ISO 8601 in UTC, round-trippable.</summary>
    public static string Format(DateTimeOffset until) => until.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? watermark) =>
        DateTimeOffset.TryParse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ? value : null;
}
