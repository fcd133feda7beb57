using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Jobs;

/// <summary>Turns what a job body met into its outcome, with the exit code a verb would have used for it.</summary>
internal static class JobFailures
{
    /// <summary>The outcome for an exception a body did not handle itself: AWS and network failures exit 4, usage 2, the rest 1.</summary>
    public static JobOutcome From(Exception ex) => ex switch
    {
        Amazon.Runtime.AmazonServiceException aws => JobOutcome.Failure($"AWS error {aws.ErrorCode ?? ((int)aws.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {aws.Message}", exitCode: ExitCodes.Aws),
        Amazon.Runtime.AmazonClientException aws => JobOutcome.Failure($"AWS client error: {aws.Message}", exitCode: ExitCodes.Aws),
        HttpRequestException http => JobOutcome.Failure($"HTTP error: {http.Message}", exitCode: ExitCodes.Aws),
        UsageException usage => JobOutcome.Failure(usage.Message, exitCode: ExitCodes.Usage),
        _ => JobOutcome.Failure($"{ex.GetType().Name}: {ex.Message}"),
    };

    /// <summary>The outcome of a verb run inside a job: exit 0 (or 3, some input rejected) succeeds; any other code fails with the verb's last error lines.</summary>
    public static JobOutcome FromVerb(int code, string error, Dictionary<string, long> figures, string? watermark = null)
    {
        figures["exitCode"] = code;
        if (code is ExitCodes.Ok or ExitCodes.InputRejected)
        {
            return JobOutcome.Success(figures, watermark);
        }

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = lines.Length == 0 ? $"exit code {code}" : string.Join(" | ", lines.TakeLast(3));
        return JobOutcome.Failure(text, figures, code);
    }
}
