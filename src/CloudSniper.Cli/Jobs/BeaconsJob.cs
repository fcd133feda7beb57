using System.Text.Json;
using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>beacons</c> job: <c>sniper beacons</c> over <c>jobs.beacons.prefix</c> for the window from the watermark (the
/// end of the last successful run's window) to now, recording the beacons in the knowledge base; the new watermark is
/// the window's end. Flow records are aggregated per window, so a beacon that straddles two runs is scored in each
/// half; the first window and the 7-day cap are <see cref="IncrementalWindow"/>'s.
/// </summary>
internal sealed class BeaconsJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.Beacons;
        if (settings.Prefix is not { Length: > 0 } prefix)
        {
            return JobOutcome.Failure("jobs.beacons.prefix is not set: give the flow logs' s3://bucket/prefix or directory", exitCode: Hosting.ExitCodes.Usage);
        }

        var first = Durations.TryParse(settings.FirstWindow, out var w) ? w : TimeSpan.FromHours(24);
        if (IncrementalWindow.For(job.Watermark, job.Now, first) is not { } window)
        {
            return JobOutcome.Success(new Dictionary<string, long> { ["beacons"] = 0 });
        }

        var location = prefix.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? prefix : context.Resolve(prefix);
        var args = new List<string>
        {
            "beacons", location, "--since", IncrementalWindow.Format(window.Since), "--until", IncrementalWindow.Format(window.Until), "--format", "json",
        };
        foreach (var cidr in settings.Internal)
        {
            args.AddRange(["--internal", cidr]);
        }

        var (code, output, error) = await context.RunVerbAsync(args, cancellationToken).ConfigureAwait(false);
        var figures = new Dictionary<string, long>
        {
            ["beacons"] = CountRows(output),
            ["windowSeconds"] = (long)(window.Until - window.Since).TotalSeconds,
        };
        return JobFailures.FromVerb(code, error, figures, IncrementalWindow.Format(window.Until));
    }

    // The verb's JSON is an array of beacons, or an object holding one under "beacons".
    private static long CountRows(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.Array => doc.RootElement.GetArrayLength(),
                JsonValueKind.Object when doc.RootElement.TryGetProperty("beacons", out var b) && b.ValueKind == JsonValueKind.Array => b.GetArrayLength(),
                _ => 0,
            };
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
