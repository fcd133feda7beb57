namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A GuardDuty detector; <c>DISABLED</c> means suspended.</summary>
public sealed record GuardDutyDetector(string DetectorId, string Status);
