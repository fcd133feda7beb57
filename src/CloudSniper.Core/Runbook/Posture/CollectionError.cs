namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A collection that failed: which service and call, the IAM permission it needed, and whether it was an access denial.</summary>
public sealed record CollectionError(string Service, string Operation, string Permission, bool AccessDenied, string Message);
