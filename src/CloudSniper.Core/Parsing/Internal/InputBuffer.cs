using System.Buffers;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// A sliding window over a stream: bytes before <see cref="Keep"/> may be discarded on refill, so memory
/// stays bounded by the longest record kept, never by the input size. Tracks absolute byte offsets and lines.
/// </summary>
internal sealed class InputBuffer : IDisposable
{
    /// <summary>The window's first size unless the caller says otherwise.</summary>
    public const int DefaultInitialSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxSize;
    private long _line = 1;
    private int _linePos;

    /// <summary>Creates a window that never grows beyond <paramref name="maxSize"/> bytes.</summary>
    public InputBuffer(Stream stream, int maxSize, int initialSize = DefaultInitialSize)
    {
        _stream = stream;
        _maxSize = Math.Max(maxSize, initialSize);
        Buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>The window; valid bytes are <c>[0, End)</c>.</summary>
    public byte[] Buffer { get; private set; }

    /// <summary>The scan cursor.</summary>
    public int Pos;

    /// <summary>The first byte that must survive the next refill.</summary>
    public int Keep;

    /// <summary>One past the last valid byte.</summary>
    public int End;

    /// <summary>The absolute stream offset of <c>Buffer[0]</c>.</summary>
    public long BaseOffset { get; private set; }

    /// <summary>True once the stream has returned its last byte.</summary>
    public bool Eof { get; private set; }

    /// <summary>True when no more bytes are buffered and the stream is exhausted.</summary>
    public bool AtEnd => Pos >= End && Eof;

    /// <summary>The bytes between the cursor and the end of the window.</summary>
    public ReadOnlySpan<byte> Remaining => Buffer.AsSpan(Pos, End - Pos);

    /// <summary>The absolute offset of a window index.</summary>
    public long OffsetOf(int index) => BaseOffset + index;

    /// <summary>The 1-based line number of a window index; indexes must be asked in non-decreasing order.</summary>
    public long LineOf(int index)
    {
        if (index > _linePos)
        {
            _line += Buffer.AsSpan(_linePos, index - _linePos).Count((byte)'\n');
            _linePos = index;
        }

        return _line;
    }

    /// <summary>
    /// Reads more bytes, discarding everything before <see cref="Keep"/>. Returns how far the window moved
    /// (subtract it from any index held outside this class), or -1 at the end of the stream.
    /// </summary>
    public int Refill()
    {
        if (Eof)
        {
            return -1;
        }

        var shift = 0;
        if (Keep > 0)
        {
            LineOf(Keep);
            shift = Keep;
            Buffer.AsSpan(Keep, End - Keep).CopyTo(Buffer);
            BaseOffset += shift;
            End -= shift;
            Pos -= shift;
            _linePos -= shift;
            Keep = 0;
        }

        if (End == Buffer.Length)
        {
            // Growth is bounded: callers move Keep forward once a record exceeds its limit.
            var size = Math.Min(Buffer.Length * 2, _maxSize + DefaultInitialSize);
            if (size <= Buffer.Length)
            {
                size = Buffer.Length + DefaultInitialSize;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.AsSpan(0, End).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = bigger;
        }

        var read = _stream.Read(Buffer, End, Buffer.Length - End);
        if (read <= 0)
        {
            Eof = true;
            return shift == 0 ? -1 : shift;
        }

        End += read;
        return shift;
    }

    /// <summary>Refills until at least <paramref name="count"/> bytes follow the cursor or the stream ends.</summary>
    public int EnsureAhead(int count)
    {
        var shift = 0;
        while (End - Pos < count && !Eof)
        {
            var moved = Refill();
            if (moved > 0)
            {
                shift += moved;
            }
        }

        return shift;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Buffer;
        Buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
