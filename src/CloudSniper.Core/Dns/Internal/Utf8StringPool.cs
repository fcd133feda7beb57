using System.Text;

namespace CloudSniper.Core.Dns.Internal;

/// <summary>
/// Strings for repeated short ASCII values of a query log (addresses, types, instance ids, names), looked up by their
/// UTF-8 bytes so that a value seen before costs no allocation. A day of logs from 300 hosts repeats its 2M names
/// from about 40k distinct ones, and its other fields from a few hundred. Bounded: when full it starts over, so a
/// stream of unique names (a tunnel) cannot grow it. Hashing is the runtime's randomised string hash, so crafted names
/// cannot collide on purpose. Not thread-safe: one per reading thread.
/// </summary>
internal sealed class Utf8StringPool(int capacity, Func<string, string>? transform = null)
{
    /// <summary>Values longer than this are not pooled (a long label is seldom repeated).</summary>
    public const int MaxLength = 128;

    private readonly Dictionary<string, string> _values = new(Math.Min(capacity, 1024), AsciiComparer.Instance);
    private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private bool _hasLookup;

    /// <summary>The string for <paramref name="utf8"/> (transformed on first sight), or null when it is not pooled (too long, not ASCII).</summary>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8))
        {
            return null;
        }

        if (!_hasLookup)
        {
            _lookup = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
            _hasLookup = true;
        }

        if (_lookup.TryGetValue(utf8, out var found))
        {
            return found;
        }

        if (_values.Count >= capacity)
        {
            _values.Clear();
        }

        var key = Encoding.ASCII.GetString(utf8);
        var value = transform is null ? key : transform(key);
        _values[key] = value;
        return value;
    }

    /// <summary>The transform applied to pooled values, applied to <paramref name="value"/> (a value that was not pooled).</summary>
    public string? Transform(string? value) => value is null || transform is null ? value : transform(value);

    /// <summary>Ordinal comparison of strings, and of ASCII bytes with strings, under the runtime's string hash.</summary>
    private sealed class AsciiComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
    {
        public static readonly AsciiComparer Instance = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => string.GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, string other) => Ascii.Equals(alternate, other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            Span<char> chars = stackalloc char[MaxLength];
            var n = Encoding.ASCII.GetChars(alternate, chars);
            return string.GetHashCode(chars[..n]);
        }

        public string Create(ReadOnlySpan<byte> alternate) => Encoding.ASCII.GetString(alternate);
    }
}
