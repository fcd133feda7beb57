using System.Text.Json;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>beacons</c> job: <c>sniper beacons</c> over <c>jobs.beacons.prefix</c> for the window from the watermark (the
/// end of the last successful run's window) to now, recording the beacons in the knowledge base; the new watermark is
/// the window's end. Flow records are aggregated per window, so a beacon that straddles two runs is scored in each
/// half; the first window and the 7-day cap are <see cref="IncrementalWindow"/>'s.
/// </summary>
internal sealed class BeaconsJob(JobEnvironment context) : IJobBody
{
    public Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.Beacons;
        return IncrementalVerb.RunAsync(
            context, job, "beacons", settings.Prefix, "jobs.beacons.prefix", settings.FirstWindow,
            settings.Internal.SelectMany(cidr => new[] { "--internal", cidr }), "beacons", CountRows, cancellationToken);
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
