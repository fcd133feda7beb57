using System.Buffers;
using System.Text;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Cuts a JSON input into records without parsing them, so that each record can be parsed (and rejected) on
/// its own and memory stays bounded. Understands JSON lines, concatenated documents, top-level arrays, and
/// wrapper objects such as <c>{"findings":[...]}</c> whose array is streamed element by element.
/// </summary>
/// <remarks>
/// The scanner only tracks strings and bracket depth, with a vectorised search for <c>" { } [ ]</c> that stops at
/// nothing else; full validation is left to the per-record parser, which reports the exact error and position.
/// </remarks>
internal sealed class JsonRecordSplitter : IDisposable
{
    /// <summary>The largest record accepted by default; GuardDuty and ASFF findings are far below it.</summary>
    public const int DefaultMaxRecordBytes = 4 * 1024 * 1024;

    /// <summary>The error of a document that holds nothing but whitespace.</summary>
    public const string EmptyDocument = "empty document";

    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    private readonly InputBuffer _in;
    private readonly int _maxRecord;
    private readonly byte[][] _collections;
    private SplitterMode _mode;
    private SplitterState _state;
    private bool _sawContent;
    private int _mark;

    /// <summary>Creates a splitter; <paramref name="collections"/> are the wrapper property names whose arrays hold the records.</summary>
    /// <param name="initialWindow">The first size of the read window (it grows to the largest record): larger for inputs known to be large.</param>
    public JsonRecordSplitter(Stream stream, IReadOnlyList<string> collections, int maxRecordBytes = DefaultMaxRecordBytes, int initialWindow = InputBuffer.DefaultInitialSize)
    {
        _maxRecord = maxRecordBytes;
        _in = new InputBuffer(stream, maxRecordBytes, initialWindow);
        _collections = [.. collections.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>Advances to the next record or error; false at the end of the input.</summary>
    public bool MoveNext(out JsonRecord record)
    {
        if (_mode == SplitterMode.Undetermined)
        {
            _mode = DetectMode();
        }

        while (true)
        {
            switch (_state)
            {
                case SplitterState.Done:
                    record = default;
                    return false;
                case SplitterState.TopLevel:
                    if (!SkipWhitespace(commas: false))
                    {
                        _state = SplitterState.Done;
                        if (!_sawContent)
                        {
                            record = new JsonRecord(default, 0, 1, EmptyDocument);
                            return true;
                        }

                        continue;
                    }

                    _sawContent = true;
                    if (_mode == SplitterMode.Lines)
                    {
                        record = ReadLine();
                        return true;
                    }

                    switch (_in.Buffer[_in.Pos])
                    {
                        case (byte)'[':
                            _in.Pos++;
                            _state = SplitterState.InArray;
                            continue;
                        case (byte)'{':
                            if (TryReadTopObject(out record))
                            {
                                return true;
                            }

                            continue;
                        default:
                            record = SkipGarbage();
                            return true;
                    }

                case SplitterState.InArray:
                case SplitterState.InWrapperArray:
                    if (!SkipWhitespace(commas: true))
                    {
                        record = new JsonRecord(default, _in.OffsetOf(_in.Pos), _in.LineOf(_in.Pos), "truncated JSON: the document ends inside an array");
                        _state = SplitterState.Done;
                        return true;
                    }

                    if (_in.Buffer[_in.Pos] == (byte)']')
                    {
                        _in.Pos++;
                        _state = _state == SplitterState.InArray ? SplitterState.TopLevel : SplitterState.InWrapperObject;
                        continue;
                    }

                    record = ReadValue();
                    return true;
                case SplitterState.InWrapperObject:
                    _in.Keep = _in.Pos;
                    var rest = ScanContainer(1, detectWrapper: true, keepRecord: false, out _);
                    if (rest == ScanOutcome.Truncated)
                    {
                        record = new JsonRecord(default, _in.OffsetOf(_in.Pos), _in.LineOf(_in.Pos), "truncated JSON: the document ends inside its wrapper object");
                        _state = SplitterState.Done;
                        return true;
                    }

                    _state = rest == ScanOutcome.EnteredWrapper ? SplitterState.InWrapperArray : SplitterState.TopLevel;
                    continue;
            }
        }
    }

    /// <summary>The bytes read from the stream so far (all of them once <see cref="MoveNext"/> returned false).</summary>
    public long BytesRead => _in.OffsetOf(_in.End);

    /// <inheritdoc />
    public void Dispose() => _in.Dispose();

    private SplitterMode DetectMode()
    {
        // Look at the first two non-blank lines: JSON lines when the second one is a complete object of its
        // own (or the first one is and a second follows). A broken first line must not hide the rest.
        _in.EnsureAhead(64 * 1024);
        var bom = "\uFEFF"u8;
        if (_in.Remaining.StartsWith(bom))
        {
            _in.Pos += bom.Length;
        }

        while (true)
        {
            var span = _in.Remaining;
            var first = NextLine(span, 0, out var firstEnd);
            var secondEnd = -1;
            var second = firstEnd < 0 ? default : NextLine(span, firstEnd, out secondEnd);
            var complete = _in.Eof || (firstEnd >= 0 && second.Length > 0 && secondEnd >= 0);
            if (!complete && _in.End - _in.Pos < _maxRecord)
            {
                _in.Keep = _in.Pos;
                if (_in.Refill() >= 0)
                {
                    continue;
                }
            }

            if (first.IsEmpty || first[0] == (byte)'[')
            {
                return SplitterMode.Structural;
            }

            // A pretty-printed document opens with a line ending in '{' or '['; JSON lines never do.
            if (second.Length > 0 && second[0] == (byte)'{' && (IsSingleObject(first) || IsSingleObject(second))
                && first[^1] is not ((byte)'[' or (byte)'{'))
            {
                return SplitterMode.Lines;
            }

            // The first two lines may both be broken records of a JSON-lines file: a later complete one-line
            // object among the next few lines still says so, and reading line by line keeps every good record.
            if (first[0] == (byte)'{' && first[^1] is not ((byte)'[' or (byte)'{') && second.Length > 0 && second[0] == (byte)'{')
            {
                var next = secondEnd;
                for (var i = 0; i < 6 && next >= 0; i++)
                {
                    var line = NextLine(span, next, out next);
                    if (line.Length > 0 && line[0] == (byte)'{' && IsSingleObject(line))
                    {
                        return SplitterMode.Lines;
                    }
                }
            }

            return SplitterMode.Structural;
        }
    }

    private static ReadOnlySpan<byte> NextLine(ReadOnlySpan<byte> span, int from, out int next)
    {
        while (from < span.Length)
        {
            var nl = span[from..].IndexOf((byte)'\n');
            var end = nl < 0 ? span.Length : from + nl;
            var line = span[from..end].Trim(" \t\r"u8);
            next = nl < 0 ? -1 : end + 1;
            if (!line.IsEmpty)
            {
                return line;
            }

            if (nl < 0)
            {
                break;
            }

            from = end + 1;
        }

        next = -1;
        return default;
    }

    private static bool IsSingleObject(ReadOnlySpan<byte> line)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    if (depth == 0)
                    {
                        return i == line.Length - 1;
                    }

                    if (depth < 0)
                    {
                        return false;
                    }

                    break;
            }
        }

        return false;
    }

    private bool SkipWhitespace(bool commas)
    {
        while (true)
        {
            var span = _in.Remaining;
            var i = commas ? span.IndexOfAnyExcept(" \t\r\n,"u8) : span.IndexOfAnyExcept(" \t\r\n"u8);
            if (i >= 0)
            {
                _in.Pos += i;
                return true;
            }

            _in.Pos = _in.End;
            _in.Keep = _in.Pos;
            if (_in.Refill() < 0)
            {
                return false;
            }
        }
    }

    private JsonRecord ReadLine()
    {
        var start = _in.Pos;
        _in.Keep = start;
        var line = _in.LineOf(start);
        var offset = _in.OffsetOf(start);
        var oversized = false;
        while (true)
        {
            var nl = _in.Remaining.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _in.Pos += nl;
                break;
            }

            _in.Pos = _in.End;
            if (_in.Pos - start > _maxRecord && !oversized)
            {
                oversized = true;
            }

            if (oversized)
            {
                _in.Keep = _in.Pos;
            }

            var shift = _in.Refill();
            if (shift < 0)
            {
                break;
            }

            start -= shift;
        }

        var end = _in.Pos;
        if (_in.Pos < _in.End)
        {
            _in.Pos++;
        }

        if (oversized || end - start > _maxRecord)
        {
            return new JsonRecord(default, offset, line, $"record larger than {_maxRecord / (1024 * 1024)} MiB skipped");
        }

        var data = _in.Buffer.AsMemory(start, end - start);
        while (data.Length > 0 && data.Span[^1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            data = data[..^1];
        }

        return new JsonRecord(data, offset, line, null);
    }

    private bool TryReadTopObject(out JsonRecord record)
    {
        var start = _in.Pos;
        _in.Keep = start;
        _mark = start;
        var line = _in.LineOf(start);
        var offset = _in.OffsetOf(start);
        _in.Pos++;
        var outcome = ScanContainer(1, detectWrapper: _collections.Length > 0, keepRecord: true, out var oversized);
        switch (outcome)
        {
            case ScanOutcome.EnteredWrapper:
                record = default;
                _state = SplitterState.InWrapperArray;
                return false;
            case ScanOutcome.Truncated:
                record = new JsonRecord(default, offset, line, "truncated JSON: the document ends inside a record");
                _state = SplitterState.Done;
                return true;
            default:
                oversized |= _in.Pos - _mark > _maxRecord;
                record = oversized
                    ? new JsonRecord(default, offset, line, $"record larger than {_maxRecord / (1024 * 1024)} MiB skipped")
                    : new JsonRecord(_in.Buffer.AsMemory(_mark, _in.Pos - _mark), offset, line, null);
                return true;
        }
    }

    private JsonRecord ReadValue()
    {
        var start = _in.Pos;
        _in.Keep = start;
        _mark = start;
        var line = _in.LineOf(start);
        var offset = _in.OffsetOf(start);
        var first = _in.Buffer[start];
        ScanOutcome outcome;
        var oversized = false;
        if (first is (byte)'{' or (byte)'[')
        {
            _in.Pos++;
            outcome = ScanContainer(1, detectWrapper: false, keepRecord: true, out oversized);
        }
        else if (first == (byte)'"')
        {
            _in.Pos++;
            outcome = ScanString(ref oversized) ? ScanOutcome.Complete : ScanOutcome.Truncated;
        }
        else
        {
            // Take at least this byte, so that a stray '}' or ':' becomes a (bad) record instead of stalling the scan.
            _in.Pos++;
            outcome = ScanScalar(ref oversized);
        }

        oversized |= _in.Pos - _mark > _maxRecord;

        if (outcome == ScanOutcome.Truncated)
        {
            _state = SplitterState.Done;
            return new JsonRecord(default, offset, line, "truncated JSON: the document ends inside a record");
        }

        if (oversized)
        {
            return new JsonRecord(default, offset, line, $"record larger than {_maxRecord / (1024 * 1024)} MiB skipped");
        }

        return new JsonRecord(_in.Buffer.AsMemory(_mark, _in.Pos - _mark), offset, line, null);
    }

    private ScanOutcome ScanScalar(ref bool oversized)
    {
        while (true)
        {
            var i = _in.Remaining.IndexOfAny(" \t\r\n,]}"u8);
            if (i >= 0)
            {
                _in.Pos += i;
                return ScanOutcome.Complete;
            }

            _in.Pos = _in.End;
            oversized = MarkIfOversized(oversized);
            var shift = _in.Refill();
            if (shift < 0)
            {
                return ScanOutcome.Complete;
            }

            _mark -= shift;
        }
    }

    private bool ScanString(ref bool oversized)
    {
        while (true)
        {
            var i = _in.Remaining.IndexOfAny(StringEnd);
            if (i >= 0 && (_in.Buffer[_in.Pos + i] == (byte)'"' || _in.Pos + i + 1 < _in.End))
            {
                _in.Pos += i + 1;
                if (_in.Buffer[_in.Pos - 1] == (byte)'"')
                {
                    return true;
                }

                _in.Pos++;
                continue;
            }

            _in.Pos = i >= 0 ? _in.Pos + i : _in.End;
            oversized = MarkIfOversized(oversized);
            var shift = _in.Refill();
            if (shift < 0)
            {
                return false;
            }

            _mark -= shift;
        }
    }

    /// <summary>
    /// Scans from inside a container at <paramref name="depth"/> to its end. With <paramref name="detectWrapper"/>,
    /// a depth-1 key naming a collection and followed by <c>[</c> stops the scan just inside that array.
    /// </summary>
    private ScanOutcome ScanContainer(int depth, bool detectWrapper, bool keepRecord, out bool oversized)
    {
        // The window's fields live in locals here: this loop runs once per string and bracket of the input.
        oversized = false;
        var inString = false;
        var keyStart = -1;
        var buffer = _in.Buffer;
        var pos = _in.Pos;
        var end = _in.End;
        while (true)
        {
            var span = new ReadOnlySpan<byte>(buffer, pos, end - pos);
            var i = inString ? span.IndexOfAny(StringEnd) : span.IndexOfAny(Structural);
            if (i < 0 || (inString && span[i] == (byte)'\\' && i + 1 >= span.Length))
            {
                _in.Pos = i < 0 ? end : pos + i;
                if (!keepRecord || oversized)
                {
                    _in.Keep = keyStart >= 0 ? keyStart : _in.Pos;
                }
                else if (_in.Pos - _mark > _maxRecord)
                {
                    oversized = true;
                    _in.Keep = keyStart >= 0 ? keyStart : _in.Pos;
                }

                var shift = _in.Refill();
                if (shift < 0)
                {
                    return ScanOutcome.Truncated;
                }

                _mark -= shift;
                if (keyStart >= 0)
                {
                    keyStart -= shift;
                }

                (buffer, pos, end) = (_in.Buffer, _in.Pos, _in.End);
                continue;
            }

            pos += i;
            var b = buffer[pos];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    pos += 2;
                    continue;
                }

                inString = false;
                pos++;
                if (keyStart >= 0)
                {
                    _in.Pos = pos;
                    if (CheckWrapperKey(ref keyStart) is { } entered)
                    {
                        return entered;
                    }

                    (buffer, pos, end) = (_in.Buffer, _in.Pos, _in.End);
                }

                continue;
            }

            pos++;
            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    keyStart = detectWrapper && depth == 1 ? pos - 1 : -1;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    depth--;
                    if (depth == 0)
                    {
                        _in.Pos = pos;
                        return ScanOutcome.Complete;
                    }

                    break;
            }
        }
    }

    /// <summary>Once a record outgrows the limit, lets the window drop its bytes; returns whether it is oversized.</summary>
    private bool MarkIfOversized(bool oversized)
    {
        if (oversized || _in.Pos - _mark > _maxRecord)
        {
            _in.Keep = _in.Pos;
            return true;
        }

        return false;
    }

    /// <summary>After a depth-1 string ends: enters the wrapper array when it was a collection key, else keeps scanning.</summary>
    private ScanOutcome? CheckWrapperKey(ref int keyStart)
    {
        // The key and the bytes up to '[' must stay in the window while we look ahead.
        var saved = _in.Keep;
        _in.Keep = Math.Min(saved, keyStart);
        while (true)
        {
            var after = _in.Remaining.IndexOfAnyExcept(" \t\r\n:"u8);
            if (after >= 0)
            {
                break;
            }

            var shift = _in.Refill();
            if (shift < 0)
            {
                break;
            }

            keyStart -= shift;
            _mark -= shift;
            saved = Math.Max(0, saved - shift);
        }

        var span = _in.Remaining;
        var colon = span.IndexOfAnyExcept(" \t\r\n"u8);
        var isKey = colon >= 0 && span[colon] == (byte)':';
        var key = _in.Buffer.AsSpan(keyStart + 1, _in.Pos - keyStart - 2);
        keyStart = -1;
        _in.Keep = Math.Min(saved, _in.Pos);
        if (!isKey || !IsCollection(key))
        {
            return null;
        }

        var value = span[(colon + 1)..].IndexOfAnyExcept(" \t\r\n"u8);
        if (value < 0 || span[colon + 1 + value] != (byte)'[')
        {
            return null;
        }

        _in.Pos += colon + 1 + value + 1;
        _in.Keep = _in.Pos;
        return ScanOutcome.EnteredWrapper;
    }

    private bool IsCollection(ReadOnlySpan<byte> key)
    {
        foreach (var name in _collections)
        {
            if (key.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private JsonRecord SkipGarbage()
    {
        var start = _in.Pos;
        var line = _in.LineOf(start);
        var offset = _in.OffsetOf(start);
        while (true)
        {
            _in.Keep = _in.Pos;
            var i = _in.Remaining.IndexOfAny("{["u8);
            if (i >= 0)
            {
                _in.Pos += i;
                break;
            }

            _in.Pos = _in.End;
            if (_in.Refill() < 0)
            {
                break;
            }
        }

        return new JsonRecord(default, offset, line, "not JSON: unexpected content outside any record");
    }
}
