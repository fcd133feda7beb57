namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>A read-only stream over an input that replays a few peeked bytes first and counts the raw bytes read, for progress and error offsets.</summary>
internal sealed class InputStream(Stream inner, byte[] prefix, int prefixLength, Action<int> onRead) : Stream
{
    private int prefixPos;

    /// <summary>Raw bytes consumed from the input so far.</summary>
    public long Consumed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (prefixPos < prefixLength)
        {
            var n = Math.Min(buffer.Length, prefixLength - prefixPos);
            prefix.AsSpan(prefixPos, n).CopyTo(buffer);
            prefixPos += n;
            return n;
        }

        var read = inner.Read(buffer);
        Consumed += read;
        onRead(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (prefixPos < prefixLength)
        {
            return Read(buffer.Span);
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Consumed += read;
        onRead(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
