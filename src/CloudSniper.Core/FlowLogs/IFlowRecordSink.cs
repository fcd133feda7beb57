namespace CloudSniper.Core.FlowLogs;

/// <summary>Receives the records of a flow-log read; one sink is used by one thread at a time.</summary>
public interface IFlowRecordSink
{
    /// <summary>Takes one well-formed record with status OK.</summary>
    void OnRecord(in FlowRecord record);
}
