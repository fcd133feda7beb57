using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;

namespace CloudSniper.Core.Jobs;

/// <summary>The registry of scheduled jobs by stable name. Registered explicitly; nothing is discovered by reflection.</summary>
public sealed class JobRegistry
{
    /// <summary>Removes expired blocks from WAF IP sets and network ACLs, as <c>sniper blocks expire</c>.</summary>
    public const string BlockExpiry = "block-expiry";

    /// <summary>The daily runbook, reports to a directory or S3 prefix, Slack summary.</summary>
    public const string Runbook = "runbook";

    /// <summary>Beacon analysis over the flow-log prefix, only data newer than the watermark.</summary>
    public const string Beacons = "beacons";

    /// <summary>Refresh of AWS's published ranges the guards never block.</summary>
    public const string IpRanges = "ip-ranges";

    /// <summary>Removes indicators whose time to live has passed from the knowledge base.</summary>
    public const string KbTtl = "kb-ttl";

    /// <summary>The IAM review of every credential and trust, and the retirement plan of the stale ones.</summary>
    public const string IamReview = "iam-review";

    /// <summary>DNS C2 detection over the Route 53 Resolver query logs under a prefix, only data newer than the watermark.</summary>
    public const string Dns = "dns";

    private readonly Dictionary<string, JobDefinition> _byName;

    /// <summary>Creates a registry over <paramref name="jobs"/>; names must be unique.</summary>
    public JobRegistry(IEnumerable<JobDefinition> jobs)
    {
        All = jobs.ToList();
        _byName = new Dictionary<string, JobDefinition>(StringComparer.Ordinal);
        foreach (var job in All)
        {
            if (!_byName.TryAdd(job.Name, job))
            {
                throw new ArgumentException($"job name '{job.Name}' is registered twice", nameof(jobs));
            }
        }
    }

    /// <summary>Every built-in job.</summary>
    public static JobRegistry Default { get; } = new(
    [
        new(BlockExpiry, "Remove expired blocks from the WAF IP sets and network ACLs (what 'sniper blocks expire' does)", "every 15m", true,
            RemovalPermissions(), TimeSpan.FromMinutes(10)),
        new(Runbook, "Run the daily security runbook, write its reports to jobs.runbook.out (a directory or s3:// prefix) and post a Slack summary when jobs.runbook.slack is set", "0 6 * * *", false,
            [.. WorkerPermissions.Runbook().Append("s3:PutObject")], TimeSpan.FromMinutes(30)),
        new(Beacons, "Find beaconing in the flow logs under jobs.beacons.prefix that are newer than the last run's watermark, and record the beacons as findings", "every 1h", false,
            ["s3:GetObject", "s3:ListBucket"], TimeSpan.FromMinutes(30)),
        new(IpRanges, "Download AWS's ip-ranges.json (jobs.ipRanges.url) and install it for the guards; a failed download keeps the cached copy", "every 24h", true,
            [], TimeSpan.FromMinutes(5)),
        new(KbTtl, "Remove indicators whose expiry or iocTtlDays since their last sighting has passed, with their sightings", "every 24h", true,
            [], TimeSpan.FromMinutes(15)),
        new(IamReview, "Review every IAM credential and trust live (jobs.iamReview.accounts through the member role) and store the retirement plan of stale keys and passwords for approval; with jobs.iamReview.apply, execute it in the configured mode (notify, then retire after the grace period)", "0 7 * * *", false,
            [.. WorkerPermissions.IamReview.Concat(Iam.Retirement.IamRetirementPermissions.For(Iam.Retirement.DefaultIamRetirementPlaybook.Load(), ActionRegistry.Default)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            TimeSpan.FromMinutes(30)),
        new(Dns, "Find DNS tunnels, beacons, DGA and known-bad domains in the Route 53 Resolver query logs under jobs.dns.prefix that are newer than the last run's watermark, and record the detections as findings", "every 1h", false,
            ["s3:GetObject", "s3:ListBucket"], TimeSpan.FromMinutes(30)),
    ]);

    /// <summary>Every job, in registration order.</summary>
    public IReadOnlyList<JobDefinition> All { get; }

    /// <summary>The job with a name, or null.</summary>
    public JobDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    // Expiry removes entries with the calls the blocking actions declare (GetIPSet/UpdateIPSet, DescribeNetworkAcls/DeleteNetworkAclEntry).
    private static string[] RemovalPermissions() =>
        [.. ActionRegistry.Default.All.Where(a => a.Blocks).SelectMany(a => a.Permissions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
