using System.Text.Json;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>dns</c> job: <c>sniper dns</c> over <c>jobs.dns.prefix</c> for the window from the watermark to now, recording
/// the detections in the knowledge base (where playbooks and incidents see them); the new watermark is the window's end.
/// </summary>
internal sealed class DnsJob(JobEnvironment context) : IJobBody
{
    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.Dns;
        return IncrementalVerb.RunAsync(
            context, job, "dns", settings.Prefix, "jobs.dns.prefix", settings.FirstWindow, [], "detections", Detections, cancellationToken);
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
