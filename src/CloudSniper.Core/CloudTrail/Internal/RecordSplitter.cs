using System.Text.Json;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>
/// Hands each CloudTrail record of a stream to <see cref="FieldExtractor"/>: the stream is cut by the same
/// <see cref="JsonRecordSplitter"/> that ingestion uses (JSON lines, arrays, concatenated documents and the S3
/// <c>{"Records":[...]}</c> file, element by element), so memory grows to the largest single record, not to the input.
/// </summary>
internal sealed class RecordSplitter
{
    private const int MaxRecordBytes = 256 * 1024 * 1024;

    /// <summary>CloudTrail objects are often several MiB once decompressed: a 1 MiB window keeps refills rare.</summary>
    private const int InitialWindow = 1 << 20;

    private static readonly string[] Collections = ["Records"];

    private readonly Stream _stream;
    private readonly string _source;
    private readonly FieldExtractor _extractor;
    private readonly CloudTrailRecord _record;
    private readonly Action<CloudTrailRecord> _onRecord;
    private readonly Action<RecordError> _onError;
    private readonly CancellationToken _ct;
    private readonly List<Range> _nested = [];
    private long _records;
    private long _rejected;

    public RecordSplitter(Stream stream, string source, FieldExtractor extractor, CloudTrailRecord record, Action<CloudTrailRecord> onRecord, Action<RecordError> onError, CancellationToken ct)
    {
        _stream = stream;
        _source = source;
        _extractor = extractor;
        _record = record;
        _onRecord = onRecord;
        _onError = onError;
        _ct = ct;
    }

    public CloudTrailReadStats Run()
    {
        using var splitter = new JsonRecordSplitter(_stream, Collections, MaxRecordBytes, InitialWindow);
        try
        {
            while (splitter.MoveNext(out var cut))
            {
                _ct.ThrowIfCancellationRequested();
                if (cut.Error is { } error)
                {
                    // An empty object is no record and no fault: CloudTrail writes none, and a digest folder may hold one.
                    if (error != JsonRecordSplitter.EmptyDocument)
                    {
                        Reject(cut.Offset, cut.Line, error);
                    }

                    continue;
                }

                Process(cut.Data, cut.Offset, cut.Line);
            }
        }
        catch (IOException ex)
        {
            Reject(splitter.BytesRead, null, $"cannot read: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            Reject(splitter.BytesRead, null, $"cannot decompress: {ex.Message}");
        }

        return new CloudTrailReadStats(_source, _records, _rejected, splitter.BytesRead);
    }

    private void Process(ReadOnlyMemory<byte> data, long offset, long line)
    {
        var span = data.Span;
        if (span.IsEmpty || span[0] != '{')
        {
            Reject(offset, line, "record is not a JSON object");
            return;
        }

        ExtractResult result;
        _nested.Clear();
        try
        {
            result = _extractor.Extract(span, _record, _nested);
        }
        catch (JsonException ex)
        {
            Reject(offset, line, "invalid JSON: " + ex.Message);
            return;
        }

        switch (result.Kind)
        {
            case ExtractKind.RecordsWrapper:
                // A whole CloudTrail file on one line of a JSON-lines input: its records are read in place.
                foreach (var range in _nested.ToArray())
                {
                    var (o, l) = range.GetOffsetAndLength(data.Length);
                    Process(data.Slice(o, l), offset + o, line);
                }

                return;
            case ExtractKind.NotCloudTrail:
                Reject(offset, line, $"EventBridge event of detail-type '{result.DetailType}' is not a CloudTrail event");
                return;
            case ExtractKind.EnvelopeWithoutDetail:
                Reject(offset, line, "EventBridge event without a detail object");
                return;
            case ExtractKind.NotAnObject:
                Reject(offset, line, "record is not a JSON object");
                return;
            default:
                break;
        }

        if (_record.Text(StandardFields.EventName) is null || _record.Text(StandardFields.EventSource) is null)
        {
            Reject(offset, line, "not a CloudTrail record: eventName or eventSource missing");
            return;
        }

        if (result.Kind == ExtractKind.Envelope)
        {
            var (o, l) = result.Detail.GetOffsetAndLength(data.Length);
            _record.Json = data.Slice(o, l);
        }
        else
        {
            _record.Json = data;
        }

        _record.Source = _source;
        _record.Offset = offset;
        _record.Line = line;
        _records++;
        _onRecord(_record);
    }

    private void Reject(long offset, long? line, string reason)
    {
        _rejected++;
        _onError(new RecordError(_source, line, offset, reason));
    }
}
