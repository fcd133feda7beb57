using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Decompresses gzip (one or several members) and verifies what <see cref="GZipStream"/> lets through
/// silently: a truncated stream, a CRC-32 or length mismatch, a bad header, garbage after a member. A fault ends
/// the stream (reads return 0) and is kept in <see cref="Error"/>, so that whatever was decoded before it is
/// still read by the caller.
/// </summary>
/// <remarks>
/// The framing is read here and only the raw deflate data goes to <see cref="DeflateStream"/> (zlib). zlib
/// takes no input past the end of a member, so the 8-byte trailer lies in the last chunk handed to it.
/// </remarks>
internal sealed class GzipDecompressionStream : Stream
{
    private const int WindowSize = 64 * 1024;
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _source;
    private readonly DeflateFeed _feed;
    private byte[] _window = ArrayPool<byte>.Shared.Rent(WindowSize);
    private int _start;
    private int _end;
    private int _chunkStart;
    private long _base;
    private bool _sourceEof;
    private DeflateStream? _deflate;
    private readonly Crc32 _crc = new();
    private uint _size;
    private bool _done;

    /// <summary>The decompressed size allowed per stream unless the caller says otherwise: 1 GiB.</summary>
    public const long DefaultMaxDecompressedBytes = 1L << 30;

    private readonly long _maxDecompressedBytes;

    /// <summary>Wraps the compressed <paramref name="source"/>, which is left open; decoding stops with an error past <paramref name="maxDecompressedBytes"/>.</summary>
    public GzipDecompressionStream(Stream source, long maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDecompressedBytes);
        _source = source;
        _maxDecompressedBytes = maxDecompressedBytes;
        _feed = new DeflateFeed(this);
    }

    /// <summary>True when decoding stopped because the decompressed size passed the limit (a gzip bomb, or a limit set too low).</summary>
    public bool LimitExceeded { get; private set; }

    /// <summary>Why decoding stopped early, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The compressed byte offset where the fault was found.</summary>
    public long ErrorOffset { get; private set; }

    /// <summary>How many decompressed bytes were produced.</summary>
    public long DecompressedBytes { get; private set; }

    /// <summary>How many gzip members were read to their end.</summary>
    public int Members { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_done)
        {
            if (_deflate is null && !StartMember())
            {
                _done = true;
                break;
            }

            int n;
            try
            {
                n = _deflate!.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                Fail($"corrupt gzip data: {ex.Message}", _base + _start);
                break;
            }

            if (n > 0)
            {
                if (n > _maxDecompressedBytes - DecompressedBytes)
                {
                    // A few kilobytes of zeros inflate to gigabytes: stop at the limit rather than hand them on.
                    LimitExceeded = true;
                    Fail($"decompressed size exceeds the limit of {_maxDecompressedBytes} bytes (ingest.maxDecompressedBytes)", _base + _start);
                    break;
                }

                _crc.Append(buffer[..n]);
                _size += (uint)n;
                DecompressedBytes += n;
                return n;
            }

            if (_feed.HitEnd)
            {
                Fail($"truncated gzip: the data ends after {_base + _end} compressed bytes, inside a member", _base + _end);
                break;
            }

            if (!FinishMember())
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>Hands the inflater the next chunk of the current member.</summary>
    internal int FeedInflater(Span<byte> destination)
    {
        if (_start >= _end && !Fill(_start, 1))
        {
            return 0;
        }

        var n = Math.Min(Math.Min(destination.Length, _end - _start), ChunkSize);
        _window.AsSpan(_start, n).CopyTo(destination);
        _chunkStart = _start;
        _start += n;
        return n;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
            _feed.Dispose();
            var window = _window;
            _window = [];
            if (window.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(window);
            }
        }

        base.Dispose(disposing);
    }

    private bool StartMember()
    {
        if (!Fill(_start, 10))
        {
            Fail(Members == 0 && _end - _start == 0 ? "empty gzip stream" : "truncated gzip header", _base + _start);
            return false;
        }

        var header = _window.AsSpan(_start, 10);
        if (header[0] != 0x1F || header[1] != 0x8B)
        {
            Fail("not gzip data (bad magic bytes)", _base + _start);
            return false;
        }

        if (header[2] != 8)
        {
            Fail($"unsupported gzip compression method {header[2]}", _base + _start + 2);
            return false;
        }

        var flags = header[3];
        if ((flags & 0xE0) != 0)
        {
            Fail("invalid gzip header flags", _base + _start + 3);
            return false;
        }

        // Offsets are relative to _start, which Fill may move.
        var length = 10;
        if ((flags & 0x04) != 0)
        {
            if (!Fill(_start, length + 2))
            {
                return FailHeader();
            }

            length += 2 + BinaryPrimitives.ReadUInt16LittleEndian(_window.AsSpan(_start + length, 2));
        }

        foreach (var flag in (ReadOnlySpan<byte>)[0x08, 0x10])
        {
            // A zero-terminated file name or comment.
            while ((flags & flag) != 0)
            {
                if (!Fill(_start, length + 1))
                {
                    return FailHeader();
                }

                var zero = _window.AsSpan(_start + length, _end - _start - length).IndexOf((byte)0);
                if (zero >= 0)
                {
                    length += zero + 1;
                    break;
                }

                if (!Fill(_start, _end - _start + 1))
                {
                    return FailHeader();
                }
            }
        }

        if ((flags & 0x02) != 0)
        {
            length += 2;
        }

        if (!Fill(_start, length))
        {
            return FailHeader();
        }

        _start += length;
        _crc.Reset();
        _size = 0;
        _feed.HitEnd = false;
        _deflate = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    private bool FailHeader()
    {
        Fail("truncated gzip header", _base + _end);
        return false;
    }

    private bool FinishMember()
    {
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(expected[4..], _size);

        // The deflate data ended somewhere in the last chunk handed out; the trailer follows it.
        Fill(_chunkStart, _start - _chunkStart + 8);
        var handedEnd = _start;
        var found = -1;
        var last = Math.Min(handedEnd, _end - 8);
        for (var p = _chunkStart; p <= last; p++)
        {
            if (_window.AsSpan(p, 8).SequenceEqual(expected))
            {
                found = p;
                break;
            }
        }

        _deflate!.Dispose();
        _deflate = null;
        if (found < 0)
        {
            // Where zlib stopped inside the chunk is not observable, so a cut trailer and a wrong one look alike.
            Fail("corrupt or truncated gzip: the CRC-32 and length trailer is missing or does not match the data", _base + handedEnd);
            return false;
        }

        Members++;
        _start = found + 8;

        // Another member, zero padding, or the end.
        while (true)
        {
            if (!Fill(_start, 1))
            {
                _done = true;
                return false;
            }

            var rest = _window.AsSpan(_start, _end - _start);
            var nonZero = rest.IndexOfAnyExcept((byte)0);
            if (nonZero < 0)
            {
                _start = _end;
                continue;
            }

            if (nonZero > 0 || rest[0] != 0x1F)
            {
                Fail("unexpected data after the end of the gzip stream", _base + _start + nonZero);
                return false;
            }

            return true;
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <paramref name="from"/> (which is kept); false at end of input.</summary>
    private bool Fill(int from, int count)
    {
        while (_end - from < count)
        {
            if (_sourceEof)
            {
                return false;
            }

            if (from > 0)
            {
                _window.AsSpan(from, _end - from).CopyTo(_window);
                _base += from;
                _end -= from;
                _start -= from;
                _chunkStart = Math.Max(0, _chunkStart - from);
                from = 0;
            }

            if (_end == _window.Length || count > _window.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_window.Length * 2, count));
                _window.AsSpan(0, _end).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_window);
                _window = bigger;
            }

            var read = _source.Read(_window, _end, _window.Length - _end);
            if (read <= 0)
            {
                _sourceEof = true;
                return false;
            }

            _end += read;
        }

        return true;
    }

    private void Fail(string reason, long offset)
    {
        Error ??= reason;
        ErrorOffset = offset;
        _done = true;
    }
}
