using System.Globalization;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>
/// Parses CloudTrail times. The fast path reads <c>yyyy-MM-ddTHH:mm:ssZ</c> (and a <c>.fff</c> fraction) digit by
/// digit, several times quicker than the general parser, which handles everything else.
/// </summary>
internal static class EventTimeParser
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        var s = text.AsSpan();
        if ((s.Length == 20 || (s.Length == 24 && s[19] == '.')) && s[^1] == 'Z' && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':'
            && Digits(s, 0, 4, out var year) && Digits(s, 5, 2, out var month) && Digits(s, 8, 2, out var day)
            && Digits(s, 11, 2, out var hour) && Digits(s, 14, 2, out var minute) && Digits(s, 17, 2, out var second)
            && (s.Length == 20 || Digits(s, 20, 3, out _))
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            var ms = s.Length == 24 ? (s[20] - '0') * 100 + (s[21] - '0') * 10 + (s[22] - '0') : 0;
            value = new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return value > 0 || count != 4;
    }
}
