using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Configuration;

/// <summary>
/// The <c>jobs:</c> section: one subsection per registered job, named for the job in camelCase
/// (<c>block-expiry</c> → <c>jobs.blockExpiry</c>, so <c>SNIPER_JOBS__BLOCK_EXPIRY__SCHEDULE</c>).
/// </summary>
public sealed record JobsConfig
{
    public JobConfig BlockExpiry { get; init; } = new();

    public RunbookJobConfig Runbook { get; init; } = new();

    public BeaconsJobConfig Beacons { get; init; } = new();

    public IpRangesJobConfig IpRanges { get; init; } = new();

    public JobConfig KbTtl { get; init; } = new();

    /// <summary>The <c>iam-review</c> job.</summary>
    public IamReviewJobConfig IamReview { get; init; } = new();

    /// <summary>The <c>dns</c> job.</summary>
    public DnsJobConfig Dns { get; init; } = new();

    /// <summary>The section of the job named <paramref name="name"/> (its registry name), or null for an unknown job.</summary>
    public JobConfig? For(string name) => name switch
    {
        JobRegistry.BlockExpiry => BlockExpiry,
        JobRegistry.Runbook => Runbook,
        JobRegistry.Beacons => Beacons,
        JobRegistry.IpRanges => IpRanges,
        JobRegistry.KbTtl => KbTtl,
        JobRegistry.IamReview => IamReview,
        JobRegistry.Dns => Dns,
        _ => null,
    };

    /// <summary>The configuration key of a job's section (<c>blockExpiry</c> for <c>block-expiry</c>).</summary>
    public static string Key(string name) =>
        string.Concat(name.Split('-').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>Every registered job with its schedule and on/off as configured, or the problems that prevent it.</summary>
    public (IReadOnlyList<JobSettings> Jobs, IReadOnlyList<(string Key, string Reason)> Problems) Resolve(JobRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var jobs = new List<JobSettings>();
        var problems = new List<(string, string)>();
        foreach (var definition in registry.All)
        {
            var section = For(definition.Name) ?? new JobConfig();
            var text = section.Schedule ?? definition.DefaultSchedule;
            if (!JobSchedule.TryParse(text, out var schedule, out var error))
            {
                problems.Add((Key(definition.Name) + ".schedule", error));
                continue;
            }

            jobs.Add(new JobSettings(definition, schedule, section.Enabled ?? definition.DefaultEnabled));
        }

        if (Beacons.Prefix is null && Beacons.Enabled == true)
        {
            problems.Add(("beacons.prefix", "the beacons job is enabled but names no flow-log prefix"));
        }

        if (!Durations.TryParse(Beacons.FirstWindow, out var window) || window > TimeSpan.FromDays(7))
        {
            problems.Add(("beacons.firstWindow", $"must be a duration of at most 7d such as 24h; got '{Beacons.FirstWindow}'"));
        }

        // Plain http only to the loopback interface (a local mirror); anything else must be https.
        if (!Uri.TryCreate(IpRanges.Url, UriKind.Absolute, out var url) || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            problems.Add(("ipRanges.url", $"must be an https URL (or http to a loopback mirror); got '{IpRanges.Url}'"));
        }

        return (jobs, problems);
    }

    /// <summary>Each setting that is wrong: the key (under <c>jobs</c>) and why.</summary>
    public IEnumerable<(string Key, string Reason)> Problems() => Resolve(JobRegistry.Default).Problems;
}
