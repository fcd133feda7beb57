namespace CloudSniper.Core.Runbook.Posture;

/// <summary>What the collectors gathered about the security services' set-up, per account and region; checks only read it.</summary>
public sealed record PostureSnapshot
{
    public DateTimeOffset? CollectedAt { get; init; }

    public IReadOnlyList<AccountPosture> Accounts { get; init; } = [];
}
