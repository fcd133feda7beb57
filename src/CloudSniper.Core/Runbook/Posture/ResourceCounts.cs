namespace CloudSniper.Core.Runbook.Posture;

/// <summary>How many resources of each kind Inspector scans exist in a region.</summary>
public sealed record ResourceCounts(int Ec2Instances = 0, int EcrRepositories = 0, int LambdaFunctions = 0);
