namespace CloudSniper.Core.Dns.Internal;

/// <summary>The string pools of the reading thread: names (normalised on first sight), answers, and every other short field.</summary>
internal sealed class ParsePools
{
    [ThreadStatic]
    private static ParsePools? t_current;

    /// <summary>Query names, lower-case without the trailing dot; 64k names is about 4 MB.</summary>
    public Utf8StringPool Names { get; } = new(65_536, ResolverQueryLogReader.NormalizeName);

    /// <summary>Answer data (addresses, names, text).</summary>
    public Utf8StringPool Answers { get; } = new(16_384);

    /// <summary>Addresses, instance ids, types, codes, account, Region and VPC: a few hundred values in a fleet.</summary>
    public Utf8StringPool Values { get; } = new(16_384);

    /// <summary>The pools of the calling thread.</summary>
    public static ParsePools Current => t_current ??= new ParsePools();
}
