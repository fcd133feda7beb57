using CloudSniper.Core.CloudTrail.Internal;
using CloudSniper.Core.Parsing.Internal;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.CloudTrail;

/// <summary>
/// Reads CloudTrail records in every shape they arrive in: the S3 delivery file <c>{"Records":[...]}</c> (gzip
/// or not), JSON arrays, JSON lines (Logstash-style lines included) and EventBridge "AWS API Call via CloudTrail"
/// envelopes, alone, in arrays or one per line. Streaming: memory grows with the largest record, not the file.
/// A bad record is reported through <c>onError</c> with its offset or line and reading goes on.
/// </summary>
public sealed class CloudTrailReader
{
    private readonly CloudTrailFieldSet _fields;
    private readonly FieldExtractor _extractor;
    private readonly CloudTrailRecord _record;

    /// <summary>A reader extracting <paramref name="fields"/>; one reader per thread (it reuses its buffers).</summary>
    public CloudTrailReader(CloudTrailFieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields;
        _extractor = new FieldExtractor(fields);
        _record = new CloudTrailRecord(fields);
    }

    /// <summary>The field set records are extracted with.</summary>
    public CloudTrailFieldSet Fields => _fields;

    /// <summary>Reads the file at <paramref name="path"/>, decompressing gzip (recognised by its magic bytes).</summary>
    public CloudTrailReadStats ReadFile(string path, Action<CloudTrailRecord> onRecord, Action<RecordError> onError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(file, path, onRecord, onError, cancellationToken);
    }

    /// <summary>Reads <paramref name="stream"/>; gzip is recognised by its magic bytes (peeked, so any stream will do, S3 objects included).</summary>
    public CloudTrailReadStats Read(Stream stream, string source, Action<CloudTrailRecord> onRecord, Action<RecordError> onError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onRecord);
        ArgumentNullException.ThrowIfNull(onError);
        if (!stream.CanSeek)
        {
            var head = new byte[2];
            var n = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
            stream = new PrefixedStream(head.AsMemory(0, n), stream);
            if (DocumentReader.IsGzip(head.AsSpan(0, n)))
            {
                return ReadGzip(stream, source, onRecord, onError, cancellationToken);
            }

            return new RecordSplitter(stream, source, _extractor, _record, onRecord, onError, cancellationToken).Run();
        }

        if (IsGzip(stream))
        {
            return ReadGzip(stream, source, onRecord, onError, cancellationToken);
        }

        return new RecordSplitter(stream, source, _extractor, _record, onRecord, onError, cancellationToken).Run();
    }

    /// <summary>
    /// Reads a gzip stream with the checking decompressor: a truncated member, a CRC or length mismatch or trailing
    /// garbage is reported with its compressed offset, and every record decoded before the fault is still read.
    /// </summary>
    private CloudTrailReadStats ReadGzip(Stream stream, string source, Action<CloudTrailRecord> onRecord, Action<RecordError> onError, CancellationToken cancellationToken)
    {
        using var gz = new GzipDecompressionStream(stream);
        var stats = new RecordSplitter(gz, source, _extractor, _record, onRecord, onError, cancellationToken).Run();
        if (gz.Error is { } error)
        {
            onError(new RecordError(source, null, gz.ErrorOffset, "gzip: " + error));
            return stats with { Rejected = stats.Rejected + 1 };
        }

        return stats;
    }

    private static bool IsGzip(Stream stream)
    {
        var position = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var n = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = position;
        return DocumentReader.IsGzip(magic[..n]);
    }
}
