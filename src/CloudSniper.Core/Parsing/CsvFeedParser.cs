using System.Globalization;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// IOC lists as CSV with a header. The indicator is in the column named indicator, value, ioc, observable, ip,
/// domain, url, … (several such columns may each hold one); optional columns give its type, description,
/// confidence (0–100, or 0–1) and first/last seen dates. Comma, semicolon, tab or pipe delimited; <c>#</c> comments.
/// </summary>
public sealed class CsvFeedParser : IFindingParser
{
    /// <inheritdoc />
    public string Key => "csv";

    /// <inheritdoc />
    public string Description => "IOC list as CSV with a header (indicator/value/ip/domain/url column; optional type, description, confidence)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (Internal.Sniff.LooksLikeJson(head) || Internal.Sniff.FirstSignificant(head) == 0)
        {
            return 0;
        }

        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 4096)]).TrimStart('\uFEFF');
        var header = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && (!l.StartsWith('#') || LooksLikeCommentedHeader(l)));
        if (header is null)
        {
            return 0;
        }

        header = header.TrimStart('#').Trim();
        var fields = new List<string>();
        if (!CsvFields.TrySplit(header, CsvFields.DetectDelimiter(header), fields))
        {
            return 0;
        }

        if (!CsvColumns.HasValueColumn(fields))
        {
            return 0;
        }

        return fields.Count > 1 ? 75 : 55;
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
        using var lines = new LineSplitter(input);
        var feed = FeedFindings.FeedName(source);
        CsvColumns? columns = null;
        var fields = new List<string>();
        while (lines.MoveNext(out var line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = FeedText.Decode(line, source, out var error);
            if (error is not null)
            {
                yield return ParseResult.Fail(error);
                continue;
            }

            var trimmed = text!.Trim();
            if (trimmed.Length == 0 || (trimmed.StartsWith('#') && (columns is not null || !LooksLikeCommentedHeader(trimmed))))
            {
                continue;
            }

            if (columns is null)
            {
                columns = CsvColumns.FromHeader(trimmed);
                if (columns.Values.Count == 0)
                {
                    yield return ParseResult.Fail(new RecordError(source, line.Line, line.Offset,
                        $"no indicator column in the CSV header (expected one of: {string.Join(", ", CsvColumns.ValueNames.Take(8))}, …)"));
                    yield break;
                }

                continue;
            }

            if (ReadRow(trimmed, columns, fields, feed, source, line) is { } result)
            {
                yield return result;
            }
        }

        if (lines.WasBlank)
        {
            yield return ParseResult.Fail(FeedText.Empty(source));
        }
    }

    private static bool LooksLikeCommentedHeader(string line)
    {
        // Some feeds write their header as a comment ("# ip,first_seen,malware").
        var header = line.TrimStart('#').Trim();
        var fields = new List<string>();
        return CsvFields.TrySplit(header, CsvFields.DetectDelimiter(header), fields) && fields.Count > 1 && CsvColumns.HasValueColumn(fields);
    }

    private static ParseResult? ReadRow(string row, CsvColumns columns, List<string> fields, string feed, string source, TextLine line)
    {
        RecordError Error(string reason) => new(source, line.Line, line.Offset, reason);

        if (!CsvFields.TrySplit(row, columns.Delimiter, fields))
        {
            return ParseResult.Fail(Error("unterminated quoted field"));
        }

        string? Cell(int index) => index >= 0 && index < fields.Count && fields[index].Length > 0 ? fields[index] : null;

        var type = Cell(columns.Type);
        if (type is not null && FeedText.OtherTypes.Contains(type))
        {
            // A hash or an e-mail address: a valid entry of the feed, just nothing this product blocks.
            return null;
        }

        var values = columns.Values.Select(Cell).OfType<string>().ToList();
        if (values.Count == 0)
        {
            return ParseResult.Fail(Error("no indicator value in this row"));
        }

        foreach (var value in values)
        {
            if (!IocValue.TryNormalize(value, out _, out _))
            {
                return ParseResult.Fail(Error($"\"{Clip(value)}\" is not an IP address, CIDR, domain or URL"));
            }
        }

        int? confidence = null;
        if (Cell(columns.Confidence) is { } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0 || number > 100)
            {
                return ParseResult.Fail(Error($"confidence \"{Clip(text)}\" is not a number from 0 to 100"));
            }

            confidence = (int)Math.Round(number <= 1 && text.Contains('.', StringComparison.Ordinal) ? number * 100 : number);
        }

        var firstSeen = Cell(columns.FirstSeen) is { } first && Dates.TryParse(first, out var f) ? f : (DateTimeOffset?)null;
        var lastSeen = Cell(columns.LastSeen) is { } last && Dates.TryParse(last, out var l) ? l : (DateTimeOffset?)null;
        return ParseResult.Ok(FeedFindings.Create(new FeedEntry(FeedFindings.IdFor(feed, values), feed, values, row, $"{source}:{line.Line}")
        {
            Description = Cell(columns.Description),
            Confidence = confidence,
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
        }));
    }

    private static string Clip(string text) => Escaping.ErrorPreview.Of(text, 60);
}
