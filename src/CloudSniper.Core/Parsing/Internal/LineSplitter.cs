namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Splits a stream into lines with bounded memory; a line longer than the limit becomes an error and is skipped.</summary>
internal sealed class LineSplitter : IDisposable
{
    /// <summary>The longest line accepted by default.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    private readonly InputBuffer _in;
    private readonly int _maxLine;
    private bool _started;

    /// <summary>Creates a splitter over <paramref name="stream"/>.</summary>
    public LineSplitter(Stream stream, int maxLineBytes = DefaultMaxLineBytes)
    {
        _maxLine = maxLineBytes;
        _in = new InputBuffer(stream, maxLineBytes);
    }

    /// <summary>True when the input held nothing but whitespace (known once every line has been read).</summary>
    public bool WasBlank { get; private set; } = true;

    /// <summary>Reads the next line; false at the end of the input.</summary>
    public bool MoveNext(out TextLine line)
    {
        if (!_started)
        {
            _started = true;
            _in.EnsureAhead(3);
            if (_in.Remaining.StartsWith("\uFEFF"u8))
            {
                _in.Pos += 3;
            }
        }

        if (_in.Pos >= _in.End)
        {
            _in.Keep = _in.Pos;
            if (_in.Refill() < 0 || _in.Pos >= _in.End)
            {
                line = default;
                return false;
            }
        }

        var start = _in.Pos;
        _in.Keep = start;
        var number = _in.LineOf(start);
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
            if (oversized || _in.Pos - start > _maxLine)
            {
                oversized = true;
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

        if (oversized || end - start > _maxLine)
        {
            WasBlank = false;
            line = new TextLine(default, offset, number, $"line longer than {_maxLine / 1024} KiB skipped");
            return true;
        }

        var data = _in.Buffer.AsMemory(start, end - start);
        if (data.Length > 0 && data.Span[^1] == (byte)'\r')
        {
            data = data[..^1];
        }

        if (WasBlank && !data.Span.Trim(" \t"u8).IsEmpty)
        {
            WasBlank = false;
        }

        line = new TextLine(data, offset, number, null);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _in.Dispose();
}
