using System.Globalization;

namespace CloudSniper.Core.Dns;

/// <summary>
/// The Public Suffix List (publicsuffix.org) and its algorithm: the public suffix of a name is the longest matching
/// rule, where an exception rule (<c>!</c>) beats every other and removes its own leftmost label, a wildcard rule
/// (<c>*.</c>) matches any one label, and a name no rule matches has its last label as the suffix (the implicit
/// <c>*</c> rule). The registered domain (eTLD+1) is the public suffix and one label more.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>The name of the list shipped inside the assembly (copied from the Debian publicsuffix package, MPL 2.0).</summary>
    public const string BundledResourceName = "CloudSniper.Core.Dns.public_suffix_list.dat";

    private static readonly Lazy<PublicSuffixList> BundledList = new(LoadBundled);

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wildcard;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exception;

    private PublicSuffixList(HashSet<string> exact, HashSet<string> wildcard, HashSet<string> exception)
    {
        _exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcard = wildcard.GetAlternateLookup<ReadOnlySpan<char>>();
        _exception = exception.GetAlternateLookup<ReadOnlySpan<char>>();
        Rules = exact.Count + wildcard.Count + exception.Count;
    }

    /// <summary>The list bundled with the product, parsed once.</summary>
    public static PublicSuffixList Bundled => BundledList.Value;

    /// <summary>How many rules the list holds.</summary>
    public int Rules { get; }

    /// <summary>
    /// Parses the list's text format: one rule a line, the rule being the line up to its first whitespace, <c>//</c>
    /// comment lines and blank lines ignored; Unicode rules are stored in their ASCII (punycode) form, as names
    /// appear on the wire.
    /// </summary>
    public static PublicSuffixList Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var idn = new IdnMapping();
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var wildcard = new HashSet<string>(StringComparer.Ordinal);
        var exception = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var text = line.AsSpan().Trim();
            var space = text.IndexOfAny(' ', '\t');
            if (space >= 0)
            {
                text = text[..space];
            }

            if (text.IsEmpty || text.StartsWith("//"))
            {
                continue;
            }

            var rule = ToAscii(idn, text.ToString());
            if (rule is null)
            {
                continue;
            }

            if (rule.StartsWith('!'))
            {
                exception.Add(rule[1..]);
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard.Add(rule[2..]);
            }
            else
            {
                exact.Add(rule);
            }
        }

        return new PublicSuffixList(exact, wildcard, exception);
    }

    /// <summary>Parses the list in the file at <paramref name="path"/>.</summary>
    public static PublicSuffixList Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>
    /// The registered domain of <paramref name="name"/> (lower-case ASCII, no trailing dot), or null when the name is
    /// itself a public suffix, has an empty label (a leading dot, two dots in a row) or is empty.
    /// </summary>
    public string? RegisteredDomain(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var lower = name.ToLowerInvariant();
        var start = RegisteredDomainStart(lower);
        return start < 0 ? null : start == 0 ? lower : lower[start..];
    }

    /// <summary>
    /// Where the registered domain starts in <paramref name="name"/> (already lower-case, no trailing dot), or −1 when
    /// there is none: the name is a public suffix or has an empty label.
    /// </summary>
    public int RegisteredDomainStart(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name[0] == '.' || name[^1] == '.' || name.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return -1;
        }

        // Label starts, from the left; the suffix from label i is name[starts[i]..].
        Span<int> starts = stackalloc int[128];
        var count = 0;
        starts[count++] = 0;
        for (var i = 0; i < name.Length && count < starts.Length; i++)
        {
            if (name[i] == '.')
            {
                starts[count++] = i + 1;
            }
        }

        if (count == starts.Length)
        {
            return -1;
        }

        // The longest suffix first, so the first rule that matches is the prevailing one; an exception outranks the
        // other rules of its length, and a wildcard *.X matches the suffixes one label longer than X.
        var suffixLabels = 1;
        for (var i = 0; i < count; i++)
        {
            var suffix = name[starts[i]..];
            if (_exception.Contains(suffix))
            {
                suffixLabels = count - i - 1;
                break;
            }

            if (_exact.Contains(suffix) || (i + 1 < count && _wildcard.Contains(name[starts[i + 1]..])))
            {
                suffixLabels = count - i;
                break;
            }
        }

        var registeredLabels = suffixLabels + 1;
        return registeredLabels > count ? -1 : starts[count - registeredLabels];
    }

    private static string? ToAscii(IdnMapping idn, string rule)
    {
        if (rule.All(char.IsAscii))
        {
            return rule.ToLowerInvariant();
        }

        var prefix = rule.StartsWith('!') ? "!" : rule.StartsWith("*.", StringComparison.Ordinal) ? "*." : "";
        try
        {
            return prefix + idn.GetAscii(rule[prefix.Length..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // A rule IDNA refuses can never match a name on the wire.
            return null;
        }
    }

    private static PublicSuffixList LoadBundled()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(BundledResourceName)
            ?? throw new InvalidOperationException($"the Public Suffix List is not bundled ({BundledResourceName})");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
