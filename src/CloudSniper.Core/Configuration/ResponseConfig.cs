using System.Text.Json;

namespace CloudSniper.Core.Configuration;

/// <summary>
/// The <c>response:</c> section: playbooks, guards, time to live, blast radius, WAF and ACL settings, member-account
/// role and notice channels (the response mode and allow-list are the top-level <c>mode</c> and <c>allowList</c>).
/// </summary>
public sealed record ResponseConfig
{
    /// <summary>Playbook files; the built-in default when empty.</summary>
    public IReadOnlyList<string> Playbooks { get; init; } = [];

    /// <summary>Findings below this severity (0–10, or low, medium, high, critical) are never acted on.</summary>
    public string? MinSeverity { get; init; }

    /// <summary>Time to live of a first block (<c>24h</c>).</summary>
    public string BlockTtl { get; init; } = "24h";

    /// <summary>Longest time to live after repeat-offender doubling (<c>30d</c>).</summary>
    public string MaxBlockTtl { get; init; } = "30d";

    /// <summary>Blast-radius cap: new blocks per rolling hour.</summary>
    public int MaxBlocksPerHour { get; init; } = 1000;

    /// <summary>Action keys that wait for <c>sniper approve</c> even in enforce mode.</summary>
    public IReadOnlyList<string> RequireApproval { get; init; } = [];

    /// <summary>Environment variables <c>${NAME}</c> in a notification URL may read; empty for the default rule (see <c>UrlVariablePolicy</c>).</summary>
    public IReadOnlyList<string> UrlVariables { get; init; } = [];

    public ResponseWafConfig Waf { get; init; } = new();

    public ResponseAclConfig Nacl { get; init; } = new();

    /// <summary>Prefix of the tag keys the tool writes.</summary>
    public string TagPrefix { get; init; } = "cloudsniper:";

    /// <summary>
    /// Where <c>sniper ip-ranges refresh</c> fetches the AWS service ranges the guard never blocks: AWS's published file by
    /// default, or a mirror (https, or http on the loopback interface only).
    /// </summary>
    public string IpRangesUrl { get; init; } = DefaultIpRangesUrl;

    /// <summary>AWS publishes its address ranges at this URL ("AWS IP address ranges", AWS General Reference / VPC User Guide).</summary>
    public const string DefaultIpRangesUrl = "https://ip-ranges.amazonaws.com/ip-ranges.json";

    /// <summary>Quarantine security group name.</summary>
    public string QuarantineGroup { get; init; } = "cloudsniper-quarantine";

    /// <summary>Role assumed in member accounts (GuardDuty administrator deployments).</summary>
    public string? AssumeRole { get; init; }

    /// <summary>External id passed to <c>AssumeRole</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Notice channels (blast-radius cap, failures): notify actions written as in a playbook's <c>do</c> list.</summary>
    public IReadOnlyList<JsonElement> Notify { get; init; } = [];
}
