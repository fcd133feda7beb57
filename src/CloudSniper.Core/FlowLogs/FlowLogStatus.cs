namespace CloudSniper.Core.FlowLogs;

/// <summary>The <c>log-status</c> of a record: data, no traffic in the window, or records skipped by AWS.</summary>
public enum FlowLogStatus : byte
{
    Ok,
    NoData,
    SkipData,
}
