namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A flow log on a resource (VPC, subnet or interface) and its status (ACTIVE when delivering).</summary>
public sealed record FlowLogInfo(string FlowLogId, string ResourceId, string Status);
