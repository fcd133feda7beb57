namespace CloudSniper.Bench.Analytics;

/// <summary>
/// The flow-log benchmarks: <c>flowlogs throughput [records] [dir]</c> (reader, aggregation and scoring end to end
/// from plain text and gzip, against gzip decompression alone and DuckDB over the same file, each in its own process
/// so that its peak memory is its own) and <c>flowlogs quality [seeds] [hosts] [beacons] [days] [min-period] [max-period]</c>
/// (recall and precision of beacon detection on generated data).
/// </summary>
public sealed class FlowLogBenchmark : IMacroBenchmark
{
    /// <inheritdoc />
    public string Name => "flowlogs";

    /// <inheritdoc />
    public string Description => "flow-log beacon analytics: throughput [records=10000000] [dir=/tmp] [repeat=3] | quality [seeds] [hosts] [beacons] [days] [min-period] [max-period] | sample [dir]";

    /// <inheritdoc />
    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mode = args.Length > 0 ? args[0] : "throughput";
        return mode switch
        {
            "throughput" => FlowLogThroughput.RunAsync(args[1..]),
            "run" => FlowLogThroughput.RunChildAsync(args[1..]),
            "quality" => BeaconQuality.RunAsync(args[1..]),
            "sample" => Task.FromResult(FlowLogThroughput.WriteSample(args.Length > 1 ? args[1] : "samples/flowlogs")),
            _ => Task.FromResult(Usage()),
        };
    }

    private int Usage()
    {
        Console.Error.WriteLine($"usage: flowlogs {Description}");
        return 2;
    }
}
