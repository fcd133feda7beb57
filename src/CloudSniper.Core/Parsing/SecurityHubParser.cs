using System.Text.Json;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// AWS Security Hub findings in the AWS Security Finding Format (ASFF): <c>{"Findings":[...]}</c> (GetFindings,
/// BatchImportFindings), EventBridge "Security Hub Findings - Imported" events, arrays, single findings and JSON lines.
/// Third-party products arrive this way; findings GuardDuty forwarded stay recognisable as GuardDuty's.
/// </summary>
public sealed class SecurityHubParser : IFindingParser
{
    private static readonly string[] Collections = ["Findings", "findings"];

    /// <inheritdoc />
    public string Key => "asff";

    /// <inheritdoc />
    public string Description => "AWS Security Hub findings in ASFF ({\"Findings\":[...]}, EventBridge events, arrays, JSON lines)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (!Internal.Sniff.LooksLikeJson(head))
        {
            return 0;
        }

        if (Internal.Sniff.Has(head, "\"Security Hub Findings"u8))
        {
            return 98;
        }

        var product = Internal.Sniff.Has(head, "\"ProductArn\""u8);
        var account = Internal.Sniff.Has(head, "\"AwsAccountId\""u8);
        var schema = Internal.Sniff.HasPair(head, "\"SchemaVersion\""u8, "\"2018-10-08\""u8);
        return (product || schema, account) switch
        {
            (true, true) => 95,
            (true, false) or (false, true) => 70,
            _ => 0,
        };
    }

    /// <inheritdoc />
    public IEnumerable<ParseResult> Parse(Stream input, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        return DomRecords.Parse(input, source, Collections, Map, cancellationToken);
    }

    private static void Map(JsonElement root, RecordContext context)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in root.EnumerateArray())
                {
                    context.Add(() => AsffMapper.Map(item, context.Origin));
                }

                return;
            case JsonValueKind.Object:
                break;
            default:
                context.Fail(JsonElements.WrongType("record", "an ASFF finding object", root).Message);
                return;
        }

        if (root.String("detail-type") is { } detailType)
        {
            if (!detailType.StartsWith("Security Hub Findings", StringComparison.Ordinal))
            {
                context.Fail($"EventBridge event \"{detailType}\" is not a Security Hub findings event");
                return;
            }

            var found = false;
            foreach (var item in root.Object("detail")?.Items("findings") ?? default)
            {
                found = true;
                context.Add(() => AsffMapper.Map(item, context.Origin));
            }

            if (!found)
            {
                context.Fail($"EventBridge \"{detailType}\" event without detail.findings");
            }

            return;
        }

        if ((root.Get("Findings") ?? root.Get("findings")) is { ValueKind: JsonValueKind.Array } page)
        {
            foreach (var item in page.EnumerateArray())
            {
                context.Add(() => AsffMapper.Map(item, context.Origin));
            }

            return;
        }

        context.Add(() => AsffMapper.Map(root, context.Origin));
    }
}
