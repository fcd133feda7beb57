namespace CloudSniper.Core.FlowLogs;

/// <summary>Whether security groups and network ACLs let the traffic through.</summary>
public enum FlowAction : byte
{
    Unknown,
    Accept,
    Reject,
}
