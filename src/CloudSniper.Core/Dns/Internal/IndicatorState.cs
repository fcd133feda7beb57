namespace CloudSniper.Core.Dns.Internal;

/// <summary>The queries that hit one known-bad domain: who, how often, when and which names.</summary>
internal sealed class IndicatorState(string indicator)
{
    public string Indicator { get; } = indicator;

    public readonly HashSet<string> Sources = new(StringComparer.Ordinal);

    public readonly List<string> Examples = [];

    public readonly List<string> Addresses = [];

    public long Queries;
    public uint First = uint.MaxValue;
    public uint Last;
}
