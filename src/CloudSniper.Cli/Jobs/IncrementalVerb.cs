using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// What the <c>beacons</c> and <c>dns</c> jobs share: a verb run over a location for the window from the job's
/// watermark to now (<see cref="IncrementalWindow"/>), JSON output counted into one figure, and the window's end as the
/// new watermark.
/// </summary>
internal static class IncrementalVerb
{
    /// <param name="prefixKey">The configuration key of the location, for the error when it is not set.</param>
    /// <param name="figure">The name of the counted figure; <paramref name="count"/> reads it from the verb's JSON.</param>
    public static async Task<JobOutcome> RunAsync(
        JobEnvironment context,
        JobContext job,
        string verb,
        string? prefix,
        string prefixKey,
        string firstWindow,
        IEnumerable<string> extraArgs,
        string figure,
        Func<string, long> count,
        CancellationToken cancellationToken)
    {
        if (prefix is not { Length: > 0 })
        {
            return JobOutcome.Failure($"{prefixKey} is not set: give the s3://bucket/prefix or directory to read", exitCode: Hosting.ExitCodes.Usage);
        }

        var first = Durations.TryParse(firstWindow, out var w) ? w : TimeSpan.FromHours(24);
        if (IncrementalWindow.For(job.Watermark, job.Now, first) is not { } window)
        {
            return JobOutcome.Success(new Dictionary<string, long> { [figure] = 0 });
        }

        var location = prefix.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? prefix : context.Resolve(prefix);
        var args = new List<string>
        {
            verb, location, "--since", IncrementalWindow.Format(window.Since), "--until", IncrementalWindow.Format(window.Until), "--format", "json",
        };
        args.AddRange(extraArgs);
        var (code, output, error) = await context.RunVerbAsync(args, cancellationToken).ConfigureAwait(false);
        var figures = new Dictionary<string, long>
        {
            [figure] = count(output),
            ["windowSeconds"] = (long)(window.Until - window.Since).TotalSeconds,
        };
        return JobFailures.FromVerb(code, error, figures, IncrementalWindow.Format(window.Until));
    }
}
