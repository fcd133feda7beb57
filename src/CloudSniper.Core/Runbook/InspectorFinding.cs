namespace CloudSniper.Core.Runbook;

/// <summary>The parts of an Inspector2 finding the review needs: the AMI and instance it was found on, its severity, vulnerability id, status and last update.</summary>
public sealed record InspectorFinding(
    string Id,
    string? Title,
    string Severity,
    string? Type,
    string? ImageId,
    string? InstanceId,
    string? ResourceType,
    string? VulnerabilityId,
    string? Region,
    string? Account,
    string? Status,
    DateTimeOffset? UpdatedAt = null);
