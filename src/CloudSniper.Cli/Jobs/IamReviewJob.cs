using System.Text.Json;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>iam-review</c> job: <c>sniper iam review --respond</c> live (the plan stored for approval, nothing changed),
/// or <c>--apply</c> when <c>jobs.iamReview.apply</c> is set; figures are the findings and the planned actions.
/// </summary>
internal sealed class IamReviewJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.IamReview;
        var args = new List<string> { "iam", "review", settings.Apply ? "--apply" : "--respond", "--format", "json" };
        if (settings.Accounts.Count > 0)
        {
            args.Add("--accounts");
            args.AddRange(settings.Accounts);
        }

        var (code, output, error) = await context.RunVerbAsync(args, cancellationToken).ConfigureAwait(false);
        return JobFailures.FromVerb(code, error, Figures(output));
    }

    /// <summary>Counts what the verb's JSON says: findings, and the actions of the retirement plan (<c>retirement.plan.actions</c>) when it printed one.</summary>
    internal static Dictionary<string, long> Figures(string output)
    {
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(output);
            Count(doc.RootElement, figures);
        }
        catch (JsonException)
        {
            // The verb printed something else (an error, or several documents): the exit code still says how it went.
        }

        return figures;
    }

    private static void Count(JsonElement root, Dictionary<string, long> figures)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (root.TryGetProperty("findings", out var findings) && findings.ValueKind == JsonValueKind.Array)
        {
            figures["findings"] = findings.GetArrayLength();
        }

        if (root.TryGetProperty("retirement", out var retirement) && retirement.ValueKind == JsonValueKind.Object
            && retirement.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object
            && plan.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array)
        {
            figures["actions"] = actions.GetArrayLength();
        }
    }
}
