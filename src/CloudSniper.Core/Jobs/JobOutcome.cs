namespace CloudSniper.Core.Jobs;

/// <summary>What a job's body reports when it finishes: success or failure, its figures, its error and the new watermark.</summary>
/// <param name="Succeeded">False when the run failed (the error says why).</param>
/// <param name="Figures">What it counted.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Watermark">The watermark to store with a successful completion (null: leave it as it is).</param>
/// <param name="ExitCode">The exit code a CLI run reports (0 success; 4 an AWS failure; 1 another failure).</param>
public sealed record JobOutcome(bool Succeeded, IReadOnlyDictionary<string, long> Figures, string? Error = null, string? Watermark = null, int ExitCode = 0)
{
    /// <summary>A success with <paramref name="figures"/>.</summary>
    public static JobOutcome Success(IReadOnlyDictionary<string, long>? figures = null, string? watermark = null) =>
        new(true, figures ?? new Dictionary<string, long>(), Watermark: watermark);

    /// <summary>A failure with its reason.</summary>
    public static JobOutcome Failure(string error, IReadOnlyDictionary<string, long>? figures = null, int exitCode = 1) =>
        new(false, figures ?? new Dictionary<string, long>(), error, ExitCode: exitCode == 0 ? 1 : exitCode);
}
