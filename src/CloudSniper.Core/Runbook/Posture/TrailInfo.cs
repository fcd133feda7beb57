namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A CloudTrail trail with its status (GetTrailStatus) and whether its selectors include management events.</summary>
public sealed record TrailInfo
{
    public required string Name { get; init; }

    public string? Arn { get; init; }

    public string? HomeRegion { get; init; }

    public bool IsMultiRegion { get; init; }

    public bool IsOrganizationTrail { get; init; }

    public bool IsLogging { get; init; }

    public bool LogFileValidationEnabled { get; init; }

    /// <summary>The KMS key encrypting delivered files; null when they use S3-managed encryption only.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>Whether the event selectors (basic or advanced) include management events.</summary>
    public bool IncludesManagementEvents { get; init; } = true;

    /// <summary>All, ReadOnly or WriteOnly.</summary>
    public string ReadWriteType { get; init; } = "All";
}
