namespace CloudSniper.Core.Ingestion;

/// <summary>
/// Reads one input format into findings. Parsers are registered by a stable key in
/// <see cref="FindingParsers"/>; a bad record yields a <see cref="RecordError"/> and parsing goes on.
/// </summary>
public interface IFindingParser
{
    /// <summary>The stable key used by <c>--format</c> (guardduty, asff, stix, csv, txt).</summary>
    string Key { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>
    /// How sure the parser is (0–100) that content starting with <paramref name="head"/> (already decompressed,
    /// up to 64 KiB) is its format. Format detection takes the highest.
    /// </summary>
    int Sniff(ReadOnlySpan<byte> head);

    /// <summary>Reads every record of <paramref name="input"/> (already decompressed).</summary>
    IEnumerable<ParseResult> Parse(Stream input, string source, CancellationToken cancellationToken = default);
}
