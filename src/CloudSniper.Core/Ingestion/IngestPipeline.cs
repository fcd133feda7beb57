using System.Diagnostics;
using System.Threading.Channels;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Ingestion;

/// <summary>
/// Reads documents into findings, extracts their indicators and commits them in batches. Parsing runs on one
/// thread and committing on another, so on two cores the store and the parser overlap. A bad record is counted
/// and reported and never stops the run; a failing store does stop it, and then no document of the failed batch
/// is acknowledged.
/// </summary>
public sealed class IngestPipeline(IKnowledgeBase store, IngestComponents components, IngestOptions options)
{
    // Parsed batches waiting for the store. Two bound memory to a few thousand findings whatever the input size
    // (three kept 30 MB more in flight for no gain), and give a store that falls behind up to three batches to
    // commit at once.
    private const int QueuedBatches = 2;

    private long _documents;
    private long _records;
    private long _rejected;
    private long _committed;

    /// <summary>Runs until <paramref name="documents"/> ends (or, for a following source, until cancelled).</summary>
    public async Task<IngestReport> RunAsync(
        IAsyncEnumerable<InputDocument> documents,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var errors = new ErrorLog(options.MaxErrorsKept);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);

        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(documents, channel.Writer, errors, byType, progress, cancellationToken), cancellationToken);

        var result = CommitResult.Empty;
        try
        {
            var group = new List<Batch>();
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Group commit: whatever the parser queued while the previous commit ran goes into one transaction.
                // A store that falls behind thus commits fewer, larger transactions, which touch each index page
                // once for several batches, and a store that keeps up commits each batch as it comes.
                group.Clear();
                while (group.Count <= QueuedBatches && channel.Reader.TryRead(out var queued))
                {
                    group.Add(queued);
                }

                IReadOnlyList<FindingWithIocs> items = group.Count == 1 ? group[0].Items : [.. group.SelectMany(b => b.Items)];
                if (items.Count > 0)
                {
                    result = result.Add(await store.CommitAsync(items, cancellationToken).ConfigureAwait(false));
                    Interlocked.Add(ref _committed, items.Count);
                    if (options.AfterCommitAsync is { } after)
                    {
                        await after(items, cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var batch in group)
                {
                    foreach (var (document, outcome) in batch.Completed)
                    {
                        if (document.OnCompletedAsync is { } done)
                        {
                            await done(outcome, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                Report(progress);
            }
        }
        catch
        {
            // Stop the producer before surfacing the store's failure.
            channel.Writer.TryComplete();
            throw;
        }

        await producer.ConfigureAwait(false);
        Report(progress);
        return new IngestReport(_documents, _records, _rejected, result, errors.Kept, byType, clock.Elapsed);
    }

    private async Task ProduceAsync(
        IAsyncEnumerable<InputDocument> documents,
        ChannelWriter<Batch> writer,
        ErrorLog errors,
        Dictionary<string, long> byType,
        IProgress<IngestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var batch = new Batch(options.BatchSize);
        try
        {
            await foreach (var document in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _documents);
                long records = 0;
                long rejected = 0;
                var documentErrors = new List<RecordError>();

                void Reject(RecordError error)
                {
                    rejected++;
                    Interlocked.Increment(ref _rejected);
                    errors.Add(error);
                    if (documentErrors.Count < 10)
                    {
                        documentErrors.Add(error);
                    }
                }

                Stream? stream = null;
                try
                {
                    stream = await document.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    Reject(new RecordError(document.Name, null, null, $"cannot open: {ex.Message}"));
                }

                if (stream is not null)
                {
                    await using (stream.ConfigureAwait(false))
                    {
                        using var results = components.Read(stream, document.Name, options.Format, cancellationToken).GetEnumerator();
                        while (true)
                        {
                            ParseResult parsed;
                            try
                            {
                                if (!results.MoveNext())
                                {
                                    break;
                                }

                                parsed = results.Current;
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                // A parser must not throw on bad data; if one does, what it already returned is kept.
                                Reject(new RecordError(document.Name, null, stream.CanSeek ? stream.Position : null, $"unreadable: {ex.Message}"));
                                break;
                            }

                            if (parsed.Error is { } error)
                            {
                                Reject(error);
                                continue;
                            }

                            var finding = parsed.Finding!;
                            records++;
                            Interlocked.Increment(ref _records);
                            byType[finding.Type.Raw] = byType.GetValueOrDefault(finding.Type.Raw) + 1;
                            var item = new FindingWithIocs(finding, components.Extract(finding));
                            store.Prepare(item);
                            batch.Items.Add(item);
                            if (batch.Items.Count >= options.BatchSize)
                            {
                                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                                batch = new Batch(options.BatchSize);
                                Report(progress);
                            }
                        }
                    }
                }

                batch.Completed.Add((document, new DocumentOutcome(document.Name, records, rejected, documentErrors)));
                if (document.FlushAfter)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new Batch(options.BatchSize);
                }
            }

            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    private void Report(IProgress<IngestProgress>? progress) =>
        progress?.Report(new IngestProgress(
            Interlocked.Read(ref _documents),
            Interlocked.Read(ref _records),
            Interlocked.Read(ref _rejected),
            Interlocked.Read(ref _committed)));

    private sealed class Batch(int capacity)
    {
        public List<FindingWithIocs> Items { get; } = new(capacity);

        public List<(InputDocument Document, DocumentOutcome Outcome)> Completed { get; } = [];
    }

    private sealed class ErrorLog(int max)
    {
        private readonly List<RecordError> _kept = [];

        public IReadOnlyList<RecordError> Kept => _kept;

        public void Add(RecordError error)
        {
            if (_kept.Count < max)
            {
                _kept.Add(error);
            }
        }
    }
}
