namespace CloudSniper.Core.Runbook.Model;

/// <summary>An AMI with both host vulnerabilities (Inspector) and malicious-communication findings (GuardDuty).</summary>
public sealed record CorrelatedAmi(string ImageId, int InspectorFindings, int GuardDutyFindings, int CriticalVulnerabilities, int HighVulnerabilities, double MaxGuardDutySeverity, double Score);
