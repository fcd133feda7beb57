using System.Text.Json;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// STIX 2.1 threat intelligence: bundles (streamed object by object), arrays and JSON lines of objects.
/// Indicators whose STIX patterns compare <c>ipv4-addr</c>, <c>ipv6-addr</c>, <c>domain-name</c> or <c>url</c>
/// values become feed findings (one per indicator, all its values), as do bare observables of those types;
/// every other object (identities, relationships, hashes, …) is skipped without error.
/// </summary>
public sealed class StixParser : IFindingParser
{
    private static readonly string[] Collections = ["objects"];

    /// <inheritdoc />
    public string Key => "stix";

    /// <inheritdoc />
    public string Description => "STIX 2.1 bundles and objects (indicators over IP, domain and URL values; bare observables)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (!Internal.Sniff.LooksLikeJson(head))
        {
            return 0;
        }

        if (Internal.Sniff.HasPair(head, "\"type\""u8, "\"bundle\""u8))
        {
            return 95;
        }

        if (Internal.Sniff.Has(head, "\"pattern_type\""u8) || (Internal.Sniff.Has(head, "\"spec_version\""u8) && Internal.Sniff.Has(head, "\"indicator--"u8)))
        {
            return 90;
        }

        if (Internal.Sniff.Has(head, "\"ipv4-addr--"u8) || Internal.Sniff.Has(head, "\"domain-name--"u8) || Internal.Sniff.Has(head, "\"url--"u8) || Internal.Sniff.Has(head, "\"ipv6-addr--"u8))
        {
            return 70;
        }

        return 0;
    }

    /// <inheritdoc />
    public IEnumerable<ParseResult> Parse(Stream input, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        var feed = FeedFindings.FeedName(source);
        return DomRecords.Parse(input, source, Collections, (root, context) => Map(root, context, feed), cancellationToken);
    }

    private static void Map(JsonElement root, RecordContext context, string feed)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                MapObject(item, context, feed);
            }

            return;
        }

        if (root.ValueKind == JsonValueKind.Object && root.String("type") == "bundle")
        {
            foreach (var item in root.Items("objects"))
            {
                MapObject(item, context, feed);
            }

            return;
        }

        MapObject(root, context, feed);
    }

    private static void MapObject(JsonElement item, RecordContext context, string feed)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            context.Fail(JsonElements.WrongType("object", "a STIX object", item).Message);
            return;
        }

        try
        {
            var type = item.StrictString("type", "type");
            switch (type)
            {
                case null:
                    context.Fail("not a STIX object: missing \"type\"");
                    break;
                case "indicator":
                    MapIndicator(item, context, feed);
                    break;
                case "ipv4-addr" or "ipv6-addr" or "domain-name" or "url":
                    var value = item.StrictString("value", "value");
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        context.Fail($"{type} without a value");
                        break;
                    }

                    var id = item.String("id") ?? FeedFindings.IdFor(feed, [value]);
                    context.Ok(FeedFindings.Create(new FeedEntry(id, feed, [value], item.GetRawText(), context.Origin)));
                    break;
            }
        }
        catch (RecordFormatException ex)
        {
            context.Fail(ex.Message);
        }
    }

    private static void MapIndicator(JsonElement indicator, RecordContext context, string feed)
    {
        var id = indicator.StrictString("id", "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            context.Fail("STIX indicator without an id");
            return;
        }

        var patternType = indicator.String("pattern_type") ?? "stix";
        if (!string.Equals(patternType, "stix", StringComparison.OrdinalIgnoreCase) || indicator.Bool("revoked"))
        {
            return;
        }

        var pattern = indicator.StrictString("pattern", "pattern");
        if (string.IsNullOrWhiteSpace(pattern))
        {
            context.Fail($"{id}: indicator without a pattern");
            return;
        }

        var values = StixPattern.Values(pattern);
        if (values.Count == 0)
        {
            // File hashes, network-traffic and the like: nothing here this product can block.
            return;
        }

        var confidence = indicator.StrictNumber("confidence", "confidence");
        context.Ok(FeedFindings.Create(new FeedEntry(id, feed, values, indicator.GetRawText(), context.Origin)
        {
            Title = indicator.String("name"),
            Description = indicator.String("description"),
            Confidence = confidence is { } c ? (int)Math.Clamp(c, 0, 100) : null,
            CreatedAt = indicator.StrictDate("created", "created"),
            UpdatedAt = indicator.StrictDate("modified", "modified"),
            FirstSeen = indicator.StrictDate("valid_from", "valid_from"),
        }));
    }
}
