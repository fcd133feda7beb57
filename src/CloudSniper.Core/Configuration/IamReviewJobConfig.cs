namespace CloudSniper.Core.Configuration;

/// <summary>The <c>jobs.iamReview</c> section: the daily IAM review and retirement of stale credentials.</summary>
public sealed record IamReviewJobConfig : JobConfig
{
    /// <summary>
    /// False (default): review and store the retirement plan for approval, changing nothing. True: execute it in the
    /// configured mode, as <c>sniper iam review --apply</c> (notify first, retire after the grace period, at most the
    /// playbook's limit per run).
    /// </summary>
    public bool Apply { get; init; }

    /// <summary>Member accounts reviewed through <c>response.assumeRole</c>; empty: the caller's own account.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];
}
