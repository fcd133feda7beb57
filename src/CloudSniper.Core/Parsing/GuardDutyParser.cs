using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// Amazon GuardDuty findings in every shape they travel in: EventBridge "GuardDuty Finding" events, bare
/// findings in camelCase (API wire format, S3 exports) or PascalCase (SDK dumps), GetFindings responses, JSON
/// arrays and JSON lines. Every finding family parses; an unknown type or resource is kept generically.
/// </summary>
public sealed class GuardDutyParser : IFindingParser
{
    private static readonly string[] Collections = ["findings", "Findings"];

    /// <inheritdoc />
    public string Key => "guardduty";

    /// <inheritdoc />
    public string Description => "Amazon GuardDuty findings (EventBridge events, bare findings, GetFindings responses, JSON lines, S3 exports)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (!Internal.Sniff.LooksLikeJson(head))
        {
            return 0;
        }

        if (Internal.Sniff.Has(head, "\"GuardDuty Finding\""u8))
        {
            return 98;
        }

        // A finding forwarded through Security Hub also names GuardDuty; ASFF's own keys win there.
        if (Internal.Sniff.Has(head, "\"ProductArn\""u8) || Internal.Sniff.Has(head, "\"AwsAccountId\""u8))
        {
            return 0;
        }

        var arn = Internal.Sniff.Has(head, ":guardduty:"u8);
        var detector = Internal.Sniff.Has(head, "\"detectorId\""u8) || Internal.Sniff.Has(head, "\"DetectorId\""u8);
        var shape = Internal.Sniff.Has(head, "\"resourceType\""u8) || Internal.Sniff.Has(head, "\"ResourceType\""u8)
            || Internal.Sniff.Has(head, "\"schemaVersion\""u8) || Internal.Sniff.Has(head, "\"SchemaVersion\""u8);
        return (arn, detector, shape) switch
        {
            (true, true, _) => 90,
            (true, false, true) or (false, true, true) => 80,
            (true, false, false) or (false, true, false) => 60,
            _ => 0,
        };
    }

    /// <inheritdoc />
    public IEnumerable<ParseResult> Parse(Stream input, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        return ParseCore(input, source, cancellationToken);
    }

    private static IEnumerable<ParseResult> ParseCore(Stream input, string source, CancellationToken cancellationToken)
    {
        using var splitter = new JsonRecordSplitter(input, Collections);
        var reader = new GuardDutyRecordReader();
        var results = new List<ParseResult>(4);
        while (splitter.MoveNext(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Clear();
            reader.Read(record, source, results);
            foreach (var result in results)
            {
                yield return result;
            }
        }
    }
}
