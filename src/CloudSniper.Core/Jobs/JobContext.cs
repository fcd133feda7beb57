namespace CloudSniper.Core.Jobs;

/// <summary>What a job's body is given: the run it holds the lease of and the watermark the previous successful run left.</summary>
/// <param name="Run">The lease row as acquired.</param>
/// <param name="Watermark">The job's watermark, or null before its first successful run that set one.</param>
/// <param name="Now">The time the run started.</param>
public sealed record JobContext(JobRun Run, string? Watermark, DateTimeOffset Now);
