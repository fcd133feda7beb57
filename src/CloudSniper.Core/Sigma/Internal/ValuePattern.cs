using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>One value of a field condition, compiled: a glob, a regular expression, a CIDR, a number comparison, a null test or another field.</summary>
internal sealed class ValuePattern
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private ValuePattern(PatternKind kind)
    {
        Kind = kind;
    }

    public PatternKind Kind { get; }

    public Glob? Glob { get; private init; }

    public Regex? Regex { get; private init; }

    public IpNetwork? Network { get; private init; }

    public double Number { get; private init; }

    public string Comparison { get; private init; } = "";

    public int OtherField { get; private init; } = -1;

    public string FieldRefMode { get; private init; } = "";

    public bool CaseSensitive { get; private init; }

    public static ValuePattern Null() => new(PatternKind.Null);

    public static ValuePattern ForGlob(Glob glob) => new(PatternKind.Glob) { Glob = glob };

    public static ValuePattern ForRegex(string pattern, RegexOptions options)
    {
        try
        {
            return new(PatternKind.Regex) { Regex = new Regex(pattern, options | RegexOptions.CultureInvariant, RegexTimeout) };
        }
        catch (ArgumentException ex)
        {
            throw new SigmaUnsupportedException($"invalid regular expression '{pattern}': {ex.Message}");
        }
    }

    public static ValuePattern ForCidr(string cidr) =>
        IpNetwork.TryParse(cidr, out var network)
            ? new(PatternKind.Cidr) { Network = network }
            : throw new SigmaUnsupportedException($"invalid CIDR '{cidr}'");

    public static ValuePattern ForNumber(string op, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? new(PatternKind.Number) { Number = n, Comparison = op }
            : throw new SigmaUnsupportedException($"'{op}' needs a number, got '{value}'");

    public static ValuePattern ForFieldRef(int otherField, string mode, bool caseSensitive) =>
        new(PatternKind.FieldRef) { OtherField = otherField, FieldRefMode = mode, CaseSensitive = caseSensitive };

    /// <summary>Whether a field with these values matches (any value suffices).</summary>
    public bool Matches(CloudTrailRecord record, int field)
    {
        var count = record.CountOf(field);
        if (Kind == PatternKind.Null)
        {
            for (var i = 0; i < count; i++)
            {
                if (!record.ValueAt(field, i).IsNull)
                {
                    return false;
                }
            }

            return true;
        }

        for (var i = 0; i < count; i++)
        {
            var text = record.ValueAt(field, i).Text;
            if (text is not null && MatchesText(record, text))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesText(CloudTrailRecord record, string text)
    {
        switch (Kind)
        {
            case PatternKind.Glob:
                return Glob!.IsMatch(text);
            case PatternKind.Regex:
                try
                {
                    return Regex!.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            case PatternKind.Cidr:
                return IPAddress.TryParse(text, out var address) && Network!.Value.Contains(address);
            case PatternKind.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                {
                    return false;
                }

                return Comparison switch
                {
                    "gt" => n > Number,
                    "gte" => n >= Number,
                    "lt" => n < Number,
                    _ => n <= Number,
                };
            case PatternKind.FieldRef:
                var comparison = CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                for (var i = 0; i < record.CountOf(OtherField); i++)
                {
                    var other = record.ValueAt(OtherField, i).Text;
                    if (other is null)
                    {
                        continue;
                    }

                    var hit = FieldRefMode switch
                    {
                        "contains" => text.Contains(other, comparison),
                        "startswith" => text.StartsWith(other, comparison),
                        "endswith" => text.EndsWith(other, comparison),
                        _ => text.Equals(other, comparison),
                    };
                    if (hit)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
