using System.Text.Json;
using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>dns</c> job: <c>sniper dns</c> over <c>jobs.dns.prefix</c> for the window from the watermark to now, recording
/// the detections in the knowledge base (where playbooks and incidents see them); the new watermark is the window's end.
/// </summary>
internal sealed class DnsJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.Dns;
        if (settings.Prefix is not { Length: > 0 } prefix)
        {
            return JobOutcome.Failure("jobs.dns.prefix is not set: give the query logs' s3://bucket/prefix or directory", exitCode: Hosting.ExitCodes.Usage);
        }

        var first = Durations.TryParse(settings.FirstWindow, out var w) ? w : TimeSpan.FromHours(24);
        if (IncrementalWindow.For(job.Watermark, job.Now, first) is not { } window)
        {
            return JobOutcome.Success(new Dictionary<string, long> { ["detections"] = 0 });
        }

        var location = prefix.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? prefix : context.Resolve(prefix);
        var args = new List<string>
        {
            "dns", location, "--since", IncrementalWindow.Format(window.Since), "--until", IncrementalWindow.Format(window.Until), "--format", "json",
        };
        var (code, output, error) = await context.RunVerbAsync(args, cancellationToken).ConfigureAwait(false);
        var figures = new Dictionary<string, long>
        {
            ["detections"] = Detections(output),
            ["windowSeconds"] = (long)(window.Until - window.Since).TotalSeconds,
        };
        return JobFailures.FromVerb(code, error, figures, IncrementalWindow.Format(window.Until));
    }

    // The verb's JSON is {"detections":[…], …}.
    internal static long Detections(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detections", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.GetArrayLength()
                : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
