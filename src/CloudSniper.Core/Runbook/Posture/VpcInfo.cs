namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A VPC and whether it is in use (has network interfaces).</summary>
public sealed record VpcInfo(string VpcId, bool IsDefault, bool InUse);
