namespace CloudSniper.Core.Runbook.Posture;

/// <summary>The root row of the IAM credential report.</summary>
public sealed record RootCredentials
{
    public bool MfaActive { get; init; }

    public bool AccessKey1Active { get; init; }

    public bool AccessKey2Active { get; init; }

    public DateTimeOffset? PasswordLastUsed { get; init; }

    public DateTimeOffset? AccessKey1LastUsed { get; init; }

    public DateTimeOffset? AccessKey2LastUsed { get; init; }
}
