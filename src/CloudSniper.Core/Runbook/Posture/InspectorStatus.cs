namespace CloudSniper.Core.Runbook.Posture;

/// <summary>Inspector2's scan status per resource type (ENABLED, DISABLED, SUSPENDED, …), from BatchGetAccountStatus.</summary>
public sealed record InspectorStatus(string Ec2, string Ecr, string Lambda);
