using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Dns;

/// <summary>
/// Reads query-log documents into a <see cref="DnsAggregator"/>: documents are decompressed and parsed on up to
/// <c>parallelism</c> threads while one thread aggregates, in document and line order, so the result is the same as a
/// sequential read. Memory holds at most a few batches of parsed queries per document in flight.
/// </summary>
public static class DnsQueryLogAnalysis
{
    private const int BatchSize = 2048;

    // Batches queued per document: enough to keep the aggregating thread busy, few enough to bound memory.
    private const int BatchesPerDocument = 4;

    /// <summary>
    /// Reads <paramref name="documents"/>, analyses them under <paramref name="options"/> and returns the report and
    /// the counters; rejected lines and unreadable documents go to <paramref name="onError"/> (in input order). This is
    /// the whole analysis a scheduled job runs over a query-log prefix. With <paramref name="history"/>, the registered
    /// domains are recorded in it and those it had never seen become first-seen leads (see <see cref="AnalyzeWithHistoryAsync"/>).
    /// </summary>
    public static async Task<DnsAnalysisResult> AnalyzeAsync(IAsyncEnumerable<InputDocument> documents, DnsOptions options, PublicSuffixList suffixes, DomainIndicatorSet? indicators, Action<RecordError> onError, IDomainHistory? history = null, CancellationToken cancellationToken = default)
    {
        var aggregator = new DnsAggregator(options, suffixes, indicators);
        var counters = await ReadAsync(documents, aggregator, onError, 0, cancellationToken).ConfigureAwait(false);
        var report = await AnalyzeWithHistoryAsync(aggregator, history, cancellationToken).ConfigureAwait(false);
        return new DnsAnalysisResult(report, counters, aggregator.AccountId, aggregator.Region);
    }

    /// <summary>
    /// Analyses <paramref name="aggregator"/>; with <paramref name="history"/>, first records every registered domain
    /// queried (at the time of the last query) and reports those the history had never seen, when one source queried
    /// them, as <see cref="DnsDetectionKind.Rare"/> leads. An empty history only learns: a first run has no baseline.
    /// </summary>
    public static async Task<DnsReport> AnalyzeWithHistoryAsync(DnsAggregator aggregator, IDomainHistory? history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        IReadOnlySet<string>? firstSeen = null;
        if (history is not null && aggregator.Queries > 0)
        {
            var update = await history.RecordAsync(aggregator.Domains(), DateTimeOffset.FromUnixTimeSeconds(aggregator.WindowEnd), cancellationToken).ConfigureAwait(false);
            firstSeen = update.WasEmpty ? null : update.New;
        }

        return DnsAnalyzer.Analyze(aggregator, firstSeen);
    }

    /// <summary>
    /// Reads every document into <paramref name="aggregator"/>; <paramref name="parallelism"/> documents are parsed at
    /// once (0: one per processor). Exceptions other than an unreadable document (an <see cref="IOException"/> on
    /// opening it, reported through <paramref name="onError"/>) end the read and are rethrown as they were thrown.
    /// </summary>
    public static async Task<DnsReadCounters> ReadAsync(IAsyncEnumerable<InputDocument> documents, DnsAggregator aggregator, Action<RecordError> onError, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(onError);
        parallelism = parallelism > 0 ? parallelism : Math.Max(1, Environment.ProcessorCount);
        using var slots = new SemaphoreSlim(parallelism);
        using var pending = new BlockingCollection<BlockingCollection<Batch>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counters = new DnsReadCounters();

        // The aggregation runs on a thread of its own, so parsing threads blocked on a full queue never starve it.
        var consumer = Task.Factory.StartNew(() => Consume(pending, aggregator, onError, counters, slots, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Exception? failure = null;
        try
        {
            await foreach (var document in documents.WithCancellation(stop.Token).ConfigureAwait(false))
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                var queue = new BlockingCollection<Batch>(BatchesPerDocument);
                pending.Add(queue, stop.Token);
                _ = Task.Run(() => ParseAsync(document, queue, stop.Token), CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            pending.CompleteAdding();
        }

        var consumed = await consumer.ConfigureAwait(false);
        if (consumed is not null)
        {
            consumed.Throw();
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return counters;
    }

    private static ExceptionDispatchInfo? Consume(BlockingCollection<BlockingCollection<Batch>> pending, DnsAggregator aggregator, Action<RecordError> onError, DnsReadCounters counters, SemaphoreSlim slots, CancellationTokenSource stop)
    {
        ExceptionDispatchInfo? failure = null;
        foreach (var queue in pending.GetConsumingEnumerable())
        {
            counters.Files++;
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                if (failure is not null)
                {
                    continue;
                }

                if (batch.Failure is { } f)
                {
                    failure = f;
                    stop.Cancel();
                    continue;
                }

                try
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        aggregator.Add(batch.Queries![i]);
                    }

                    foreach (var error in batch.Errors ?? [])
                    {
                        onError(error);
                    }
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                    stop.Cancel();
                }

                counters.Queries += batch.Count;
                counters.Lines += batch.Lines;
                counters.Rejected += batch.Errors?.Count ?? 0;
            }

            queue.Dispose();
            slots.Release();
        }

        return failure;
    }

    private static async Task ParseAsync(InputDocument document, BlockingCollection<Batch> queue, CancellationToken cancellationToken)
    {
        var batch = new Batch();
        try
        {
            Stream stream;
            try
            {
                stream = await document.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                (batch.Errors = []).Add(new RecordError(document.Name, null, null, $"cannot be read: {ex.Message}"));
                return;
            }

            await using (stream.ConfigureAwait(false))
            {
                var stats = ResolverQueryLogReader.Read(stream, document.Name, q =>
                {
                    batch.Queries ??= new ResolverQuery[BatchSize];
                    batch.Queries[batch.Count++] = q;
                    if (batch.Count == BatchSize)
                    {
                        queue.Add(batch, cancellationToken);
                        batch = new Batch();
                    }
                }, e => (batch.Errors ??= []).Add(e), cancellationToken);
                batch.Lines = stats.Lines;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            batch = new Batch { Failure = ExceptionDispatchInfo.Capture(ex) };
        }
        catch (OperationCanceledException)
        {
            batch = new Batch();
        }
        finally
        {
            try
            {
                queue.Add(batch, CancellationToken.None);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }
    }

    /// <summary>Parsed queries of one document on their way to the aggregating thread; the last one carries the line count.</summary>
    private sealed class Batch
    {
        public ResolverQuery[]? Queries;
        public int Count;
        public long Lines;
        public List<RecordError>? Errors;
        public ExceptionDispatchInfo? Failure;
    }
}
