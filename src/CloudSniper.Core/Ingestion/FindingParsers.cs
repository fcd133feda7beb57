namespace CloudSniper.Core.Ingestion;

/// <summary>The registry of input formats, by stable key. Registered explicitly; nothing is discovered by reflection.</summary>
public static class FindingParsers
{
    /// <summary>Every registered parser, in detection priority order.</summary>
    public static IReadOnlyList<IFindingParser> All { get; } = [];

    /// <summary>The parser for a <c>--format</c> key, or null.</summary>
    public static IFindingParser? Find(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
}
