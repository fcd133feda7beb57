using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Analytics;

/// <summary>Reads flow logs into one aggregator per worker and merges them: the first half of every beacon run.</summary>
public static class FlowAggregation
{
    /// <summary>
    /// Reads <paramref name="documents"/> with <paramref name="workers"/> parsing workers (default: one per core; the
    /// reading thread decompresses alongside them) and returns their pairs gathered, with the read's counters.
    /// </summary>
    public static async Task<(FlowPairs Pairs, FlowReadCounters Counters)> ReadAsync(
        FlowLogReader reader,
        IAsyncEnumerable<InputDocument> documents,
        FlowAggregatorOptions? options = null,
        int workers = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = workers > 0 ? workers : Math.Max(1, Environment.ProcessorCount);
        var sinks = Enumerable.Range(0, count).Select(_ => new FlowAggregator(options)).ToArray();
        var counters = await reader.ReadAsync(documents, sinks, cancellationToken).ConfigureAwait(false);

        return (FlowPairs.Build(sinks), counters);
    }

    /// <summary>Documents of local paths (files, directories or globs), for callers without an input source of their own.</summary>
    public static async IAsyncEnumerable<InputDocument> Files(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            var source = new Ingestion.Sources.FileInputSource(path, Environment.CurrentDirectory, () => Stream.Null);
            await foreach (var d in source.EnumerateAsync().ConfigureAwait(false))
            {
                yield return d;
            }
        }
    }
}
