namespace CloudSniper.Core.Dns;

/// <summary>Known-bad domains, matched against a queried name and every name it lies under.</summary>
public sealed class DomainIndicatorSet
{
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>An empty set.</summary>
    public DomainIndicatorSet() => _lookup = _domains.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many domains the set holds.</summary>
    public int Count => _domains.Count;

    /// <summary>
    /// Adds a domain (case and a trailing dot ignored; a leading <c>*.</c> or <c>.</c> as feeds write "this domain and
    /// below" is dropped); false when the text is not a domain name (an address, a URL, a single label).
    /// </summary>
    public bool Add(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = ResolverQueryLogReader.NormalizeName(domain.Trim());
        if (d.StartsWith("*.", StringComparison.Ordinal))
        {
            d = d[2..];
        }
        else if (d.StartsWith('.'))
        {
            d = d[1..];
        }

        if (!d.Contains('.') || d.Contains('/') || d.Contains(':') || d.Contains(' ') || System.Net.IPAddress.TryParse(d, out _))
        {
            return false;
        }

        _domains.Add(d);
        return true;
    }

    /// <summary>The indicator that <paramref name="name"/> equals or lies under (the longest), or null.</summary>
    public string? Match(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_domains.Count == 0)
        {
            return null;
        }

        var span = name.AsSpan();
        while (true)
        {
            if (_lookup.TryGetValue(span, out var hit))
            {
                return hit;
            }

            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            span = span[(dot + 1)..];
        }
    }
}
