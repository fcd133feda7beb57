using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Parsing;

/// <summary>
/// Plain IOC lists: one IP, CIDR, domain or URL a line; <c>#</c> starts a comment (whole line or after the value);
/// text after the value is kept as its description; hosts-file lines (<c>0.0.0.0 evil.example</c>) give the name.
/// </summary>
public sealed class TextFeedParser : IFindingParser
{
    /// <inheritdoc />
    public string Key => "txt";

    /// <inheritdoc />
    public string Description => "plain IOC list, one IP, CIDR, domain or URL a line (# comments)";

    /// <inheritdoc />
    public int Sniff(ReadOnlySpan<byte> head)
    {
        if (Internal.Sniff.LooksLikeJson(head) || Internal.Sniff.FirstSignificant(head) == 0)
        {
            return 0;
        }

        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 8192)]).TrimStart('\uFEFF');
        var lines = text.Split('\n');
        if (head.Length > 8192 && lines.Length > 1)
        {
            // The last line may be cut short.
            lines = lines[..^1];
        }

        var candidates = lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(20).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var good = candidates.Count(l => ValueOf(l, out _) is { } v && IocValue.TryNormalize(v, out _, out _));
        return good == candidates.Count ? 50 : good * 5 >= candidates.Count * 4 ? 40 : 0;
    }

    /// <inheritdoc />
    public IEnumerable<ParseResult> Parse(Stream input, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        return ParseCore(input, source, cancellationToken);
    }

    /// <summary>The indicator of a list line and its description; null for a blank or comment line.</summary>
    private static string? ValueOf(string line, out string? description)
    {
        description = null;
        var comment = -1;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                comment = i;
                break;
            }
        }

        if (comment >= 0)
        {
            var note = line[(comment + 1)..].Trim();
            description = note.Length > 0 ? note : null;
            line = line[..comment];
        }

        var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return null;
        }

        var value = tokens[0];
        var rest = 1;
        if (tokens.Length > 1 && value is "0.0.0.0" or "127.0.0.1" or "::" or "::1")
        {
            value = tokens[1];
            rest = 2;
        }

        if (tokens.Length > rest)
        {
            var text = string.Join(' ', tokens[rest..]);
            description = description is null ? text : $"{text} {description}";
        }

        return value;
    }

    private static IEnumerable<ParseResult> ParseCore(Stream input, string source, CancellationToken cancellationToken)
    {
        using var lines = new LineSplitter(input);
        var feed = FeedFindings.FeedName(source);
        while (lines.MoveNext(out var line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = FeedText.Decode(line, source, out var error);
            if (error is not null)
            {
                yield return ParseResult.Fail(error);
                continue;
            }

            var value = ValueOf(text!, out var description);
            if (value is null)
            {
                continue;
            }

            if (!IocValue.TryNormalize(value, out _, out _))
            {
                yield return ParseResult.Fail(new RecordError(source, line.Line, line.Offset,
                    $"\"{Escaping.ErrorPreview.Of(value, 60)}\" is not an IP address, CIDR, domain or URL"));
                continue;
            }

            yield return ParseResult.Ok(FeedFindings.Create(new FeedEntry(FeedFindings.IdFor(feed, [value]), feed, [value], text!.Trim(), $"{source}:{line.Line}")
            {
                Description = description,
            }));
        }

        if (lines.WasBlank)
        {
            yield return ParseResult.Fail(FeedText.Empty(source));
        }
    }
}
