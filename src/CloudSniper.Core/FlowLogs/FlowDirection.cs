namespace CloudSniper.Core.FlowLogs;

/// <summary>The <c>flow-direction</c> of a record relative to the logged network interface.</summary>
public enum FlowDirection : byte
{
    Unknown,
    Ingress,
    Egress,
}
