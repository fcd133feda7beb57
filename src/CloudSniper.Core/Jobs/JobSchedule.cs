using System.Diagnostics.CodeAnalysis;
using Cronos;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Jobs;

/// <summary>
/// When a job is due: a cron expression (five fields, or six with seconds first; <c>@daily</c> and the other macros;
/// evaluated in UTC) or an interval (<c>every 10s</c>, <c>15m</c>, <c>1h</c>, <c>24h</c>). An interval's occurrences
/// are the multiples of the interval since the Unix epoch, so every instance computes the same instants without
/// talking to the others: <c>every 15m</c> is due at :00, :15, :30 and :45.
/// </summary>
public sealed class JobSchedule
{
    // Cron occurrences are searched backwards in windows that double from one minute up to this bound: a yearly
    // schedule (@yearly) is the sparsest the cron syntax allows, and two years always hold one of its occurrences.
    private static readonly TimeSpan LongestCronGap = TimeSpan.FromDays(2 * 366);

    private readonly CronExpression? _cron;

    private JobSchedule(string text, CronExpression? cron, TimeSpan? interval)
    {
        Text = text;
        _cron = cron;
        Interval = interval;
    }

    /// <summary>The schedule as written.</summary>
    public string Text { get; }

    /// <summary>The interval of an interval schedule; null for cron.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>True for a cron schedule.</summary>
    public bool IsCron => _cron is not null;

    /// <summary>Parses a schedule or throws <see cref="FormatException"/> saying what is accepted.</summary>
    public static JobSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>Parses a schedule; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JobSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "a schedule is empty: give a cron expression ('0 6 * * *') or an interval ('every 10s', '15m', '1h', '24h')";
            return false;
        }

        var every = trimmed.StartsWith("every ", StringComparison.OrdinalIgnoreCase);
        var interval = every ? trimmed["every ".Length..].Trim() : trimmed;
        if (Durations.TryParse(interval, out var span))
        {
            schedule = new JobSchedule(trimmed, null, span);
            return true;
        }

        if (every || (!trimmed.Contains(' ', StringComparison.Ordinal) && !trimmed.StartsWith('@')))
        {
            error = $"'{trimmed}' is not a schedule: an interval is a whole number and s, m, h or d ('every 10s', '15m', '24h'), a cron expression has 5 or 6 fields";
            return false;
        }

        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            var cron = CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            schedule = new JobSchedule(trimmed, cron, null);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{trimmed}' is not a cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_cron is not null)
        {
            return _cron.GetNextOccurrence(after.ToUniversalTime(), TimeZoneInfo.Utc, inclusive: false);
        }

        var ticks = Interval!.Value.Ticks;
        var since = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = (Floor(since, ticks) + ticks) + DateTimeOffset.UnixEpoch.UtcTicks;
        return next > DateTimeOffset.MaxValue.UtcTicks ? null : new DateTimeOffset(next, TimeSpan.Zero);
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>: the one a scheduler that missed several runs still runs.</summary>
    public DateTimeOffset? Latest(DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        if (_cron is null)
        {
            var ticks = Interval!.Value.Ticks;
            var since = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            return new DateTimeOffset(Floor(since, ticks) + DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.Zero);
        }

        // Cronos only looks forward: find a window before now that holds an occurrence, then walk it to the last one.
        for (var window = TimeSpan.FromMinutes(1); window <= LongestCronGap * 2; window *= 2)
        {
            var from = now - window;
            var found = _cron.GetNextOccurrence(from, TimeZoneInfo.Utc, inclusive: true);
            if (found is not { } first || first > now)
            {
                continue;
            }

            var latest = first;
            while (_cron.GetNextOccurrence(latest, TimeZoneInfo.Utc, inclusive: false) is { } next && next <= now)
            {
                latest = next;
            }

            return latest;
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static long Floor(long value, long step) => value >= 0 ? value / step * step : -((-value + step - 1) / step * step);
}
