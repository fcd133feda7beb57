namespace CloudSniper.Core.Runbook.Posture;

/// <summary>One account: its regions, the root row of its credential report, and errors of account-wide collections (IAM).</summary>
public sealed record AccountPosture
{
    public required string AccountId { get; init; }

    public IReadOnlyList<RegionPosture> Regions { get; init; } = [];

    /// <summary>The <c>&lt;root_account&gt;</c> row of the IAM credential report, when it could be read.</summary>
    public RootCredentials? Root { get; init; }

    /// <summary>Errors of account-wide collections (the credential report).</summary>
    public IReadOnlyList<CollectionError> Errors { get; init; } = [];
}
