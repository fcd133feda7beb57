using System.Collections.Concurrent;

namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>
/// The bounded hand-off of chunks from the reading thread to the parsing threads. Parsing threads sleep in the kernel
/// until a chunk arrives; the reader waits for room asynchronously. Neither spins: on two cores, a parser spinning
/// (and yielding) for its next chunk, or a pool thread woken to pass it on, takes time from the thread that
/// decompresses, which bounds a gzip run. A channel did both, some 60,000 context switches for 10 M records.
/// </summary>
internal sealed class ChunkQueue(int capacity) : IDisposable
{
    private readonly ConcurrentQueue<FlowChunk> chunks = new();
    private readonly Semaphore available = new(0, int.MaxValue);
    private readonly SemaphoreSlim room = new(capacity, capacity);
    private volatile bool completed;

    /// <summary>Waits for room, then queues <paramref name="chunk"/> and wakes one parsing thread.</summary>
    public async ValueTask AddAsync(FlowChunk chunk, CancellationToken cancellationToken)
    {
        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        chunks.Enqueue(chunk);
        available.Release();
    }

    /// <summary>No more chunks: every parsing thread leaves once the queue is empty.</summary>
    public void Complete(int parsingThreads)
    {
        completed = true;
        available.Release(Math.Max(1, parsingThreads));
    }

    /// <summary>The next chunk, sleeping until one arrives; false once the queue is complete and empty.</summary>
    public bool TryTake(out FlowChunk chunk, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (chunks.TryDequeue(out chunk!))
            {
                room.Release();
                return true;
            }

            if (completed && chunks.IsEmpty)
            {
                return false;
            }

            // A wake-up left over from a chunk another thread took only costs one more turn of the loop.
            if (!cancellationToken.CanBeCanceled)
            {
                available.WaitOne();
            }
            else if (WaitHandle.WaitAny([available, cancellationToken.WaitHandle]) == 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        available.Dispose();
        room.Dispose();
    }
}
