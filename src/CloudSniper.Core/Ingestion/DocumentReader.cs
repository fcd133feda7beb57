using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Ingestion;

/// <summary>
/// Reads one input document of any supported format: gzip is recognised by its magic bytes whatever the name,
/// the first 64 KiB (decompressed) pick the parser unless a format is forced, and the rest is streamed to it.
/// Memory stays bounded by the largest record, not the document.
/// </summary>
public static class DocumentReader
{
    /// <summary>How much decompressed input format detection looks at.</summary>
    public const int DetectionWindow = 64 * 1024;

    /// <summary>
    /// Every finding and every rejected record of <paramref name="raw"/> (which is left open). A corrupt or truncated
    /// gzip ends with an error naming <paramref name="source"/> and the reason, after every record read before it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="forcedFormat"/> is not a registered format key.</exception>
    public static IEnumerable<ParseResult> Read(Stream raw, string source, string? forcedFormat, CancellationToken cancellationToken) =>
        Read(raw, source, forcedFormat, GzipDecompressionStream.DefaultMaxDecompressedBytes, cancellationToken);

    /// <summary>As <see cref="Read(Stream, string, string?, CancellationToken)"/>, with a gzip document rejected past
    /// <paramref name="maxDecompressedBytes"/> decompressed bytes (the records read before the limit are kept).</summary>
    public static IEnumerable<ParseResult> Read(Stream raw, string source, string? forcedFormat, long maxDecompressedBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecompressedBytes, 1);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(source);
        IFindingParser? forced = null;
        if (!string.IsNullOrEmpty(forcedFormat))
        {
            forced = FindingParsers.Find(forcedFormat)
                ?? throw new ArgumentException($"unknown format \"{forcedFormat}\"; known: {string.Join(", ", FindingParsers.All.Select(p => p.Key))}", nameof(forcedFormat));
        }

        return ReadCore(raw, source, forced, maxDecompressedBytes, cancellationToken);
    }

    /// <summary>True when the bytes start with the gzip magic number.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    private static IEnumerable<ParseResult> ReadCore(Stream raw, string source, IFindingParser? forced, long maxDecompressedBytes, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var magicLength = ReadFully(raw, magic);
        Stream content = new PrefixedStream(magic.AsMemory(0, magicLength), raw);
        GzipDecompressionStream? gzip = null;
        if (IsGzip(magic.AsSpan(0, magicLength)))
        {
            gzip = new GzipDecompressionStream(content, maxDecompressedBytes);
            content = gzip;
        }

        try
        {
            var head = new byte[DetectionWindow];
            var headLength = ReadFully(content, head);
            var headSpan = head.AsSpan(0, headLength);
            var significant = headSpan.StartsWith("\uFEFF"u8) ? headSpan[3..] : headSpan;
            if (headLength < DetectionWindow && significant.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                if (gzip?.Error is null)
                {
                    yield return ParseResult.Fail(new RecordError(source, null, 0, gzip is null ? "empty document" : "empty document (gzip holds no data)"));
                }
            }
            else
            {
                var parser = forced ?? FindingParsers.Detect(headSpan);
                if (parser is null)
                {
                    yield return ParseResult.Fail(new RecordError(source, 1, 0,
                        $"unrecognised format (not {string.Join(", ", FindingParsers.All.Select(p => p.Key))}): starts with \"{RecordGuard.Excerpt(headSpan)}\""));
                }
                else
                {
                    var body = new PrefixedStream(head.AsMemory(0, headLength), content);
                    foreach (var result in parser.Parse(body, source, cancellationToken))
                    {
                        yield return result;
                    }
                }
            }

            if (gzip?.Error is { } reason)
            {
                yield return ParseResult.Fail(new RecordError(source, null, gzip.ErrorOffset,
                    $"{reason} ({gzip.DecompressedBytes} bytes decompressed before it; the records read up to there are kept)"));
            }
        }
        finally
        {
            gzip?.Dispose();
        }
    }

    /// <summary>
    /// Up to <paramref name="maxBytes"/> of the content of <paramref name="raw"/> (which is left open), gzip decompressed
    /// and checked; More says that content follows past the limit, GzipError names a gzip fault met before it.
    /// </summary>
    public static (byte[] Bytes, bool More, string? GzipError) ReadDecompressed(Stream raw, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var magic = new byte[2];
        var magicLength = ReadFully(raw, magic);
        Stream content = new PrefixedStream(magic.AsMemory(0, magicLength), raw);
        using var gzip = IsGzip(magic.AsSpan(0, magicLength)) ? new GzipDecompressionStream(content, (long)maxBytes + 1) : null;
        var source = gzip ?? content;
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (output.Length <= maxBytes && (n = source.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1L - output.Length))) > 0)
        {
            output.Write(chunk, 0, n);
        }

        var more = output.Length > maxBytes || gzip is { LimitExceeded: true };
        var bytes = output.GetBuffer().AsSpan(0, (int)Math.Min(output.Length, maxBytes)).ToArray();
        return (bytes, more, gzip is { LimitExceeded: false } ? gzip.Error : null);
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
