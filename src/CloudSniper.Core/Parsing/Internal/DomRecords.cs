using System.Text.Json;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// The loop shared by the parsers that read each record into a <see cref="JsonDocument"/> (ASFF, Inspector,
/// STIX): cut records, reject bad ones with their position, map the good ones.
/// </summary>
internal static class DomRecords
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>Reads every record of <paramref name="input"/> with <paramref name="map"/>.</summary>
    public static IEnumerable<ParseResult> Parse(Stream input, string source, IReadOnlyList<string> collections, Action<JsonElement, RecordContext> map, CancellationToken cancellationToken)
    {
        using var splitter = new JsonRecordSplitter(input, collections);
        var context = new RecordContext(source);
        while (splitter.MoveNext(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Record = record;
            context.Results.Clear();
            Read(context, map);
            foreach (var result in context.Results)
            {
                yield return result;
            }
        }
    }

    private static void Read(RecordContext context, Action<JsonElement, RecordContext> map)
    {
        if (RecordGuard.Check(context.Record, context.Source) is { } rejected)
        {
            context.Results.Add(ParseResult.Fail(rejected));
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(context.Record.Data, Options);
            map(document.RootElement, context);
        }
        catch (JsonException ex)
        {
            context.Results.Add(ParseResult.Fail(RecordGuard.FromJsonException(context.Record, context.Source, ex)));
        }
        catch (RecordFormatException ex)
        {
            context.Fail(ex.Message);
        }
    }
}
