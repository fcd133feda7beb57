namespace CloudSniper.Bench;

/// <summary>The registry of end-to-end benchmarks, by name.</summary>
public static class MacroBenchmarks
{
    /// <summary>Every registered macro benchmark.</summary>
    public static IReadOnlyList<IMacroBenchmark> All { get; } =
    [
        new Ingest.IngestBenchmark(),
        new Response.ResponseBenchmark(),
        new Analytics.FlowLogBenchmark(),
        new Runbook.RunbookBenchmark(),
        new Iam.IamReviewBenchmark(),
        new Analytics.DnsBenchmark(),
    ];
}
