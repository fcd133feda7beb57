using System.Globalization;

namespace CloudSniper.Core.Response;

/// <summary>Parses and prints the short durations playbooks and configuration use: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>.</summary>
public static class Durations
{
    /// <summary>Parses a whole number followed by <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>; false otherwise.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length < 2 || !long.TryParse(span[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        var ticksPerUnit = char.ToLowerInvariant(span[^1]) switch
        {
            's' => TimeSpan.TicksPerSecond,
            'm' => TimeSpan.TicksPerMinute,
            'h' => TimeSpan.TicksPerHour,
            'd' => TimeSpan.TicksPerDay,
            _ => 0L,
        };
        if (ticksPerUnit == 0 || n > TimeSpan.MaxValue.Ticks / ticksPerUnit)
        {
            return false;
        }

        duration = TimeSpan.FromTicks(n * ticksPerUnit);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the text.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a duration (use e.g. 30m, 24h, 7d)");

    /// <summary>The shortest exact form: <c>7d</c>, <c>36h</c>, <c>90m</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerDay).ToString(CultureInfo.InvariantCulture) + "d";
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return (duration.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
        }

        return ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
    }
}
