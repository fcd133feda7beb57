namespace CloudSniper.Core.Runbook.Model;

/// <summary>GuardDuty network findings (port probes excluded) on instances of one AMI.</summary>
public sealed record GuardDutyAmi(string ImageId, int Findings, IReadOnlyDictionary<string, int> Types, IReadOnlyList<string> Instances, double MaxSeverity);
