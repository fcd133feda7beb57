namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>What one line turned out to be.</summary>
internal enum FlowLineStatus
{
    Ok,
    NoData,
    SkipData,
    Blank,
    Rejected,
}
