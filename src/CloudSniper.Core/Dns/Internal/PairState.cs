namespace CloudSniper.Core.Dns.Internal;

/// <summary>What is remembered of one (source, registered domain) pair: counts, a distinct-subdomain sketch and the query times, all bounded.</summary>
internal sealed class PairState(string source, string domain)
{
    public const int MaxExamples = 3;

    public string Source { get; } = source;

    public string Domain { get; } = domain;

    public long Queries;
    public long NxDomain;
    public long TunnelTypes;
    public long NameBytes;
    public long SubdomainQueries;
    public long SubdomainChars;
    public double EntropySum;
    public int LongestLabel;
    public uint First = uint.MaxValue;
    public uint Last;
    public bool TimesFull;

    public DistinctSketch? Subdomains;

    public readonly List<uint> Times = [];

    public readonly List<ushort> NameLengths = [];

    public readonly List<string> Examples = [];
}
