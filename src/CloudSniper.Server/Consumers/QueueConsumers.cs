using System.Runtime.CompilerServices;
using CloudSniper.Aws.Sources;
using CloudSniper.Core.Ingestion;
using CloudSniper.Server.Intake;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudSniper.Server.Consumers;

/// <summary>
/// <see cref="ServerOptions.Consumers"/> receivers per <c>--queue</c>, each an <see cref="SqsInputSource"/> feeding the
/// ingest pipeline, so the at-least-once rules of <c>sniper ingest sqs://…</c> hold: a message is deleted only after
/// its findings are committed, and dead-lettered after the configured number of receives. On shutdown receiving stops
/// at once; messages already received are committed and deleted within the grace period, and any left are never
/// deleted, so they become visible again when their visibility timeout ends.
/// </summary>
internal sealed partial class QueueConsumers(ServerOptions options, ServerServices services, FindingIntake intake, ILogger<QueueConsumers> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly List<Task> _consumers = [];

    /// <summary>Messages whose findings were committed and which were deleted, over all consumers.</summary>
    public long Deleted => Interlocked.Read(ref _deleted);

    private long _deleted;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);

    /// <summary>Throws when a queue's consumer failed its last attempt (the queue is unreachable or refuses the worker); for <c>/readyz</c>.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (!_failing.IsEmpty)
        {
            throw new InvalidOperationException(string.Join("; ", _failing.Select(f => $"{f.Key}: {f.Value}")));
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Queues.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (services.OpenQueue is null)
        {
            throw new InvalidOperationException("queues are configured but this host cannot open SQS queues");
        }

        foreach (var queue in options.Queues)
        {
            for (var i = 0; i < options.Consumers; i++)
            {
                var number = i + 1;
                _consumers.Add(Task.Run(() => ConsumeAsync(queue, number), CancellationToken.None));
            }
        }

        LogStarted(logger, options.Consumers, options.Queues.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(_consumers);
        var grace = Task.Delay(Timeout.Infinite, cancellationToken);
        if (await Task.WhenAny(all, grace).ConfigureAwait(false) != all)
        {
            // Past the grace period: stop committing; what was not deleted comes back after its visibility timeout.
            await _abandon.CancelAsync().ConfigureAwait(false);
            LogAbandoned(logger);
        }

        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ConsumeAsync(string queue, int number)
    {
        var label = queue;
        while (!_stopReceiving.IsCancellationRequested)
        {
            try
            {
                // A new attempt starts ready again: an empty but reachable queue never delivers a message to prove it.
                _failing.TryRemove(queue, out _);
                var source = services.OpenQueue!(queue);
                await using (source.ConfigureAwait(false))
                {
                    var report = await intake.RunAsync(ReceiveUntilStopped(source, () => _failing.TryRemove(queue, out _), _stopReceiving.Token), label, _abandon.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _deleted, source.Deleted);
                    LogDrained(logger, queue, number, report.Records, report.Rejected);
                }
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested || _stopReceiving.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failing consumer backs off and starts again: its messages were not deleted, so none are lost.
                LogFailed(logger, ex, queue, number);
                _failing[queue] = ex.Message;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), services.Time, _stopReceiving.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The source's documents until <paramref name="stop"/>; then the enumeration ends normally so the pipeline drains.</summary>
    private static async IAsyncEnumerable<InputDocument> ReceiveUntilStopped(SqsInputSource source, Action received, CancellationToken stop, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = source.EnumerateAsync(stop).GetAsyncEnumerator(stop);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    yield break;
                }

                if (!more || cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                received();

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "consuming: {Consumers} receiver(s) on each of {Queues} queue(s)")]
    private static partial void LogStarted(ILogger logger, int consumers, int queues);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Queue} consumer {Number}: stopped after {Records} finding(s), {Rejected} rejected")]
    private static partial void LogDrained(ILogger logger, string queue, int number, long records, long rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "shutdown grace period over: uncommitted messages will become visible again")]
    private static partial void LogAbandoned(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue} consumer {Number} failed; restarting in 5 s")]
    private static partial void LogFailed(ILogger logger, Exception exception, string queue, int number);
}
