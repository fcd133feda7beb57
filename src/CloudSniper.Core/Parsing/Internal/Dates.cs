using System.Globalization;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Reads the timestamp notations AWS services and SDK dumps use.</summary>
internal static class Dates
{
    // Inspector2 EventBridge events write "Fri Mar 24 16:53:28.421 UTC 2023".
    private static readonly string[] UnixFormats =
    [
        "ddd MMM d HH:mm:ss.fff 'UTC' yyyy",
        "ddd MMM d HH:mm:ss 'UTC' yyyy",
        "ddd MMM dd HH:mm:ss.fff 'UTC' yyyy",
        "ddd MMM dd HH:mm:ss 'UTC' yyyy",
    ];

    /// <summary>Parses ISO 8601 (with or without offset, taken as UTC), the Unix <c>date</c> form, or epoch seconds/milliseconds as text.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, UnixFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromEpoch(number, out value);
        }

        return false;
    }

    /// <summary>Epoch seconds, or milliseconds when the number is too large to be seconds.</summary>
    public static bool TryFromEpoch(double number, out DateTimeOffset value)
    {
        value = default;
        if (double.IsNaN(number) || number < 0)
        {
            return false;
        }

        var ms = number > 1e11 ? number : number * 1000;
        if (ms > 253402300799999)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        return true;
    }
}
