namespace CloudSniper.Core.Parsing.Internal;

/// <summary>The compressed bytes of one gzip member, handed to <see cref="System.IO.Compression.DeflateStream"/> in small chunks.</summary>
internal sealed class DeflateFeed(GzipDecompressionStream owner) : Stream
{
    /// <summary>True when the last request for input found the compressed stream exhausted.</summary>
    public bool HitEnd { get; set; }

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
        var n = owner.FeedInflater(buffer);
        HitEnd = n == 0;
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
}
