using System.Text.Json;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// Amazon Inspector (v2) findings: ListFindings responses (<c>{"findings":[...]}</c>), EventBridge
/// "Inspector2 Finding" events, bare findings, arrays and JSON lines.
/// </summary>
public sealed class InspectorParser : IFindingParser
{
    private static readonly string[] Collections = ["findings"];

    /// <inheritdoc />
    public string Key => "inspector";

    /// <inheritdoc />
    public string Description => "Amazon Inspector findings (ListFindings responses, EventBridge events, bare findings, JSON lines)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (!Internal.Sniff.LooksLikeJson(head))
        {
            return 0;
        }

        if (Internal.Sniff.Has(head, "\"Inspector2 Finding\""u8))
        {
            return 98;
        }

        var arn = Internal.Sniff.Has(head, ":inspector2:"u8);
        var key = Internal.Sniff.Has(head, "\"findingArn\""u8);
        var details = Internal.Sniff.Has(head, "\"packageVulnerabilityDetails\""u8) || Internal.Sniff.Has(head, "\"inspectorScore\""u8)
            || Internal.Sniff.Has(head, "\"networkReachabilityDetails\""u8);
        return (key, arn || details) switch
        {
            (true, true) => 90,
            (true, false) or (false, true) => 60,
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
                    context.Add(() => InspectorMapper.Map(item, context.Origin));
                }

                return;
            case JsonValueKind.Object:
                break;
            default:
                context.Fail(JsonElements.WrongType("record", "an Inspector finding object", root).Message);
                return;
        }

        if (root.String("detail-type") is { } detailType)
        {
            if (!string.Equals(detailType, "Inspector2 Finding", StringComparison.Ordinal))
            {
                context.Fail($"EventBridge event \"{detailType}\" is not an Inspector finding");
                return;
            }

            if (root.Object("detail") is { } detail)
            {
                context.Add(() => InspectorMapper.Map(detail, context.Origin));
            }
            else
            {
                context.Fail("EventBridge \"Inspector2 Finding\" event without a detail object");
            }

            return;
        }

        if (root.Get("findings") is { ValueKind: JsonValueKind.Array } page)
        {
            foreach (var item in page.EnumerateArray())
            {
                context.Add(() => InspectorMapper.Map(item, context.Origin));
            }

            return;
        }

        context.Add(() => InspectorMapper.Map(root, context.Origin));
    }
}
