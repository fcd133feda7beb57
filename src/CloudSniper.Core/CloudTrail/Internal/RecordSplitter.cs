using System.Buffers;
using System.Text.Json;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>
/// Cuts a stream into CloudTrail records without materialising the file: JSON arrays and the S3
/// <c>{"Records":[...]}</c> file are streamed element by element, JSON lines line by line, anything else value by
/// value. The buffer grows to the largest single record, not to the input. Each record is then handed to
/// <see cref="FieldExtractor"/>, which validates it.
/// </summary>
internal sealed class RecordSplitter
{
    private const int MaxRecordBytes = 256 * 1024 * 1024;
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> PrimitiveStops = SearchValues.Create(",]} \t\r\n"u8);

    private readonly Stream _stream;
    private readonly string _source;
    private readonly FieldExtractor _extractor;
    private readonly CloudTrailRecord _record;
    private readonly Action<CloudTrailRecord> _onRecord;
    private readonly Action<RecordError> _onError;
    private readonly CancellationToken _ct;
    private readonly List<Range> _nested = [];

    private byte[] _buf = new byte[1 << 20];
    private int _pos;
    private int _len;
    private long _base;
    private bool _eof;
    private long _line = 1;
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
        var linesMode = false;
        var first = true;
        try
        {
            while (true)
            {
                var c = PeekNonWhitespace();
                if (c < 0)
                {
                    break;
                }

                if (c == '[')
                {
                    _pos++;
                    if (!ReadArray())
                    {
                        break;
                    }
                }
                else if (c == '{' && !linesMode && TryEnterRecordsArray())
                {
                    if (!ReadArray())
                    {
                        break;
                    }

                    if (PeekNonWhitespace() != '}')
                    {
                        Fatal("expected '}' closing the Records file");
                        break;
                    }

                    _pos++;
                }
                else if (linesMode)
                {
                    ReadLine();
                }
                else if (c == '{')
                {
                    var length = FindValueEnd();
                    if (length < 0)
                    {
                        Fatal("truncated: the JSON object never closes");
                        break;
                    }

                    var start = _pos;
                    var span = _buf.AsSpan(start, length);
                    var singleLine = span.IndexOf((byte)'\n') < 0;
                    Process(start, length, first && singleLine ? _line : null);
                    _pos += length;
                    linesMode = first && singleLine;
                }
                else
                {
                    Fatal($"unexpected character '{(char)c}': not CloudTrail JSON");
                    break;
                }

                first = false;
            }
        }
        catch (IOException ex)
        {
            Fatal($"cannot read: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            Fatal($"cannot decompress: {ex.Message}");
        }

        return new CloudTrailReadStats(_source, _records, _rejected, _base + _len);
    }

    private void ReadLine()
    {
        while (true)
        {
            var nl = _buf.AsSpan(_pos, _len - _pos).IndexOf((byte)'\n');
            if (nl >= 0 || !Fill())
            {
                var length = nl >= 0 ? nl : _len - _pos;
                var span = _buf.AsSpan(_pos, length).TrimEnd("\r\t "u8);
                if (span.Length > 0)
                {
                    Process(_pos, span.Length, _line);
                }

                _pos += length;
                return;
            }
        }
    }

    /// <summary>Streams the elements of an array whose '[' was consumed; false when the input ended inside it.</summary>
    private bool ReadArray()
    {
        var expectValue = true;
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            var c = PeekNonWhitespace();
            if (c < 0)
            {
                Fatal("truncated: the JSON array never closes");
                return false;
            }

            if (c == ']')
            {
                _pos++;
                return true;
            }

            if (c == ',')
            {
                _pos++;
                expectValue = true;
                continue;
            }

            if (!expectValue)
            {
                Fatal($"expected ',' or ']' between array elements, found '{(char)c}'");
                return false;
            }

            var length = FindValueEnd();
            if (length < 0)
            {
                Fatal("truncated: the last array element never closes");
                return false;
            }

            Process(_pos, length, null);
            _pos += length;
            expectValue = false;
        }
    }

    private void Process(int start, int length, long? line)
    {
        var offset = _base + start;
        var span = _buf.AsSpan(start, length);
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
                foreach (var range in _nested.ToArray())
                {
                    var (o, l) = range.GetOffsetAndLength(length);
                    Process(start + o, l, line);
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
            var (o, l) = result.Detail.GetOffsetAndLength(length);
            _record.Json = _buf.AsMemory(start + o, l);
        }
        else
        {
            _record.Json = _buf.AsMemory(start, length);
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

    private void Fatal(string reason)
    {
        _rejected++;
        _onError(new RecordError(_source, null, _base + _pos, reason));
    }

    /// <summary>True (and positioned after the '[') when the object at the cursor starts <c>{"Records":[</c>.</summary>
    private bool TryEnterRecordsArray()
    {
        while (_len - _pos < 64 && Fill())
        {
        }

        var span = _buf.AsSpan(_pos, _len - _pos);
        var i = 1;
        i = SkipWs(span, i);
        if (!span[i..].StartsWith("\"Records\""u8))
        {
            return false;
        }

        i = SkipWs(span, i + 9);
        if (i >= span.Length || span[i] != ':')
        {
            return false;
        }

        i = SkipWs(span, i + 1);
        if (i >= span.Length || span[i] != '[')
        {
            return false;
        }

        CountLines(span[..(i + 1)]);
        _pos += i + 1;
        return true;
    }

    private static int SkipWs(ReadOnlySpan<byte> span, int i)
    {
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private void CountLines(ReadOnlySpan<byte> span) => _line += span.Count((byte)'\n');

    /// <summary>The next non-whitespace byte (not consumed), or -1 at the end.</summary>
    private int PeekNonWhitespace()
    {
        while (true)
        {
            while (_pos < _len)
            {
                var b = _buf[_pos];
                if (b == '\n')
                {
                    _line++;
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or 0xEF or 0xBB or 0xBF))
                {
                    return b;
                }

                _pos++;
            }

            if (!Fill())
            {
                return -1;
            }
        }
    }

    /// <summary>Length of the JSON value starting at the cursor, reading more as needed; -1 when the input ends first.</summary>
    private int FindValueEnd()
    {
        var first = _buf[_pos];
        var rel = 0;
        var depth = 0;
        var inString = false;
        if (first == '"')
        {
            inString = true;
            rel = 1;
        }
        else if (first is not ((byte)'{' or (byte)'['))
        {
            while (true)
            {
                var stop = _buf.AsSpan(_pos + 1, _len - _pos - 1).IndexOfAny(PrimitiveStops);
                if (stop >= 0)
                {
                    return stop + 1;
                }

                if (!Fill())
                {
                    return _len - _pos;
                }
            }
        }

        while (true)
        {
            var span = _buf.AsSpan(_pos + rel, _len - _pos - rel);
            if (inString)
            {
                var i = span.IndexOfAny(StringStops);
                if (i < 0 || (span[i] == '\\' && i + 1 >= span.Length))
                {
                    rel += i < 0 ? span.Length : i;
                    if (!Fill())
                    {
                        return -1;
                    }

                    continue;
                }

                if (span[i] == '\\')
                {
                    rel += i + 2;
                    continue;
                }

                rel += i + 1;
                inString = false;
                if (depth == 0)
                {
                    return rel;
                }
            }
            else
            {
                var i = span.IndexOfAny(Structural);
                if (i < 0)
                {
                    rel += span.Length;
                    if (!Fill())
                    {
                        return -1;
                    }

                    continue;
                }

                rel += i + 1;
                switch (span[i])
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    default:
                        depth--;
                        if (depth == 0)
                        {
                            return rel;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>Reads more input after the cursor's data, compacting or growing the buffer; false at the end.</summary>
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _len - _pos);
            _base += _pos;
            _len -= _pos;
            _pos = 0;
        }

        if (_len == _buf.Length)
        {
            if (_buf.Length >= MaxRecordBytes)
            {
                throw new InvalidDataException($"a single record exceeds {MaxRecordBytes / (1024 * 1024)} MiB");
            }

            Array.Resize(ref _buf, _buf.Length * 2);
        }

        var n = _stream.Read(_buf, _len, _buf.Length - _len);
        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _len += n;
        return true;
    }
}
