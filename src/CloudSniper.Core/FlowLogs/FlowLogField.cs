namespace CloudSniper.Core.FlowLogs;

/// <summary>A field of a VPC flow log record, as named in the log's header line (versions 2 to 8).</summary>
public enum FlowLogField
{
    /// <summary>A column the reader does not use (a documented field it ignores, or a newer one).</summary>
    Ignored,
    Version,
    AccountId,
    InterfaceId,
    SrcAddr,
    DstAddr,
    SrcPort,
    DstPort,
    Protocol,
    Packets,
    Bytes,
    Start,
    End,
    Action,
    LogStatus,
    VpcId,
    SubnetId,
    InstanceId,
    TcpFlags,
    Type,
    PktSrcAddr,
    PktDstAddr,
    Region,
    AzId,
    SublocationType,
    SublocationId,
    PktSrcAwsService,
    PktDstAwsService,
    FlowDirection,
    TrafficPath,
}
