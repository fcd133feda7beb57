using System.Collections.Concurrent;
using CloudSniper.Core.FlowLogs.Internal;

namespace CloudSniper.Core.Tests.FlowLogs;

/// <summary>The hand-off between the reading thread and the parsing threads: every chunk once, bounded, and a clean end.</summary>
public sealed class ChunkQueueTests
{
    private static FlowChunk Chunk(int n) => new() { Buffer = [], Source = "test", FirstLine = n };

    [Fact]
    public async Task AddAsync_WithThreeParsersTakingFromASmallQueue_HandsEveryChunkOverExactlyOnce()
    {
        using var queue = new ChunkQueue(2);
        var taken = new ConcurrentBag<long>();
        var parsers = Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(
            () =>
            {
                while (queue.TryTake(out var chunk, CancellationToken.None))
                {
                    taken.Add(chunk.FirstLine);
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        for (var i = 0; i < 5_000; i++)
        {
            await queue.AddAsync(Chunk(i), TestContext.Current.CancellationToken);
        }

        queue.Complete(parsers.Length);
        await Task.WhenAll(parsers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => (long)i), taken.Order());
    }

    [Fact]
    public async Task AddAsync_GivenAFullQueue_WaitsUntilAChunkIsTaken()
    {
        using var queue = new ChunkQueue(1);
        await queue.AddAsync(Chunk(1), TestContext.Current.CancellationToken);

        var second = queue.AddAsync(Chunk(2), TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        Assert.True(queue.TryTake(out var first, CancellationToken.None));
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, first.FirstLine);
    }

    [Fact]
    public async Task TryTake_WhenCancelledWhileWaiting_Throws()
    {
        using var queue = new ChunkQueue(1);
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Factory.StartNew(() => queue.TryTake(out _, cancel.Token), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(50, TestContext.Current.CancellationToken);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }
}
