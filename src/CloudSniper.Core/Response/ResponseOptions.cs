using System.Collections.Immutable;

namespace CloudSniper.Core.Response;

/// <summary>The response settings (the <c>response:</c> section of the configuration), with safe defaults.</summary>
public sealed record ResponseOptions
{
    /// <summary>observe, plan (default) or enforce; <c>--apply</c> means enforce.</summary>
    public ResponseMode Mode { get; init; } = ResponseMode.Plan;

    /// <summary>Findings below this severity are never acted on.</summary>
    public double MinSeverity { get; init; }

    /// <summary>Time to live of a first block.</summary>
    public TimeSpan BlockTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The longest time to live a repeat offender's doubling may reach.</summary>
    public TimeSpan MaxBlockTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>At most this many new addresses are blocked per rolling hour; past it the plan stops blocking and notifies.</summary>
    public int MaxBlocksPerHour { get; init; } = 1000;

    /// <summary>Action keys that wait for <c>sniper approve</c> even in enforce mode.</summary>
    public ImmutableArray<string> RequireApproval { get; init; } = [];

    /// <summary>Which environment variables <c>${NAME}</c> in a notification URL may read.</summary>
    public UrlVariablePolicy UrlVariables { get; init; } = UrlVariablePolicy.Default;

    /// <summary>Addresses and CIDR blocks that are never blocked.</summary>
    public ImmutableArray<string> AllowList { get; init; } = [];

    /// <summary>A file of more allow-listed blocks, one a line.</summary>
    public string? AllowListFile { get; init; }

    /// <summary>The WAF IP set for IPv4 blocks: a name (created if absent) or an ARN.</summary>
    public string WafIpv4Set { get; init; } = "cloudsniper-blocked-ipv4";

    /// <summary>The WAF IP set for IPv6 blocks: a name (created if absent) or an ARN.</summary>
    public string WafIpv6Set { get; init; } = "cloudsniper-blocked-ipv6";

    /// <summary>Also block in CLOUDFRONT-scope IP sets (in us-east-1).</summary>
    public bool WafCloudFront { get; init; }

    /// <summary>WAF's cap on addresses in one IP set.</summary>
    public int WafMaxAddressesPerSet { get; init; } = 10_000;

    /// <summary>Lowest network-ACL rule number the tool may use.</summary>
    public int AclRuleMin { get; init; } = 1;

    /// <summary>Highest network-ACL rule number the tool may use (always kept below the ACL's lowest foreign rule).</summary>
    public int AclRuleMax { get; init; } = 99;

    /// <summary>
    /// Network-ACL entries allowed per direction and IP family, the default rule included (the AWS quota); null reads the
    /// quota applied to the account from Service Quotas, falling back to the AWS default of 20.
    /// </summary>
    public int? AclQuotaPerDirection { get; init; }

    /// <summary>Prefix of the tags the tool writes.</summary>
    public string TagPrefix { get; init; } = "cloudsniper:";

    /// <summary>Name of the quarantine security group created or reused in the instance's VPC.</summary>
    public string QuarantineGroupName { get; init; } = "cloudsniper-quarantine";

    /// <summary>Role assumed in member accounts (a name, or null to act only with the ambient credentials).</summary>
    public string? AssumeRoleName { get; init; }

    /// <summary>External id passed to <c>AssumeRole</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Where blast-radius and failure notices go: notify actions with their parameters.</summary>
    public ImmutableArray<ActionInvocation> NoticeChannels { get; init; } = [];

    /// <summary>The TTL policy these options describe.</summary>
    public Planning.BlockTtlPolicy TtlPolicy => new(BlockTtl, MaxBlockTtl);
}
