using System.Text;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>
/// Shares the strings of low-cardinality fields (event names, user agents, IPs) across records, so that a review
/// of millions of records allocates per distinct value, not per record. Bounded: past its capacity it stops adding.
/// </summary>
internal sealed class StringPool(int capacity = 200_000)
{
    private readonly Dictionary<string, string> _map = new(StringComparer.Ordinal);
    private readonly char[] _chars = new char[512];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _chars.Length)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var n = Encoding.UTF8.GetChars(utf8, _chars);
        return Get(_chars.AsSpan(0, n));
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        var lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        var s = chars.ToString();
        if (_map.Count < capacity)
        {
            _map[s] = s;
        }

        return s;
    }
}
