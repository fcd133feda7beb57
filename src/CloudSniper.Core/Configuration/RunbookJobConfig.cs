namespace CloudSniper.Core.Configuration;

/// <summary>The <c>jobs.runbook</c> section: where the daily runbook's reports go and what it reads.</summary>
public sealed record RunbookJobConfig : JobConfig
{
    /// <summary>A directory or an <c>s3://bucket/prefix</c>; each run writes under a folder named for its occurrence (default: <c>runbook-reports</c> in the data directory).</summary>
    public string? Out { get; init; }

    /// <summary>A Slack incoming-webhook URL for the summary.</summary>
    public string? Slack { get; init; }

    /// <summary>Collect the posture from AWS (default); false runs only over the configured files.</summary>
    public bool Live { get; init; } = true;

    /// <summary>Regions to check (default: every enabled region).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>CloudTrail inputs (files, directories or s3:// prefixes).</summary>
    public IReadOnlyList<string> CloudTrail { get; init; } = [];

    /// <summary>GuardDuty finding inputs.</summary>
    public IReadOnlyList<string> GuardDuty { get; init; } = [];

    /// <summary>Report formats, comma-separated (default html,json).</summary>
    public string? Formats { get; init; }
}
