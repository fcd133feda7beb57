using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Ingestion;

/// <summary>The registry of input formats, by stable key. Registered explicitly; nothing is discovered by reflection.</summary>
public static class FindingParsers
{
    /// <summary>Every registered parser, in detection priority order (the first wins a tie).</summary>
    public static IReadOnlyList<IFindingParser> All { get; } =
    [
        new GuardDutyParser(),
        new SecurityHubParser(),
        new InspectorParser(),
        new StixParser(),
        new CsvFeedParser(),
        new TextFeedParser(),
    ];

    /// <summary>The parser for a <c>--format</c> key, or null.</summary>
    public static IFindingParser? Find(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The parser most sure (highest <see cref="IFindingParser.Sniff"/>) that <paramref name="head"/> is its format, or null when none recognises it.</summary>
    public static IFindingParser? Detect(ReadOnlySpan<byte> head)
    {
        IFindingParser? best = null;
        var bestScore = 0;
        foreach (var parser in All)
        {
            var score = parser.Sniff(head);
            if (score > bestScore)
            {
                best = parser;
                bestScore = score;
            }
        }

        return best;
    }
}
