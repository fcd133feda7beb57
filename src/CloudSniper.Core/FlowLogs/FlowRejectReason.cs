namespace CloudSniper.Core.FlowLogs;

/// <summary>Why a flow-log line was skipped; each reason is counted separately.</summary>
public enum FlowRejectReason
{
    /// <summary>The file does not start with a header line naming the fields.</summary>
    MissingHeader,

    /// <summary>The header line names fields that are not flow-log fields, or lacks srcaddr, dstaddr or start.</summary>
    UnknownHeader,

    /// <summary>Fewer values than the header names.</summary>
    ShortLine,

    /// <summary>More values than the header names.</summary>
    LongLine,

    /// <summary>A numeric field (port, protocol, bytes, packets, start, end, tcp-flags) is not a number or out of range.</summary>
    NonNumeric,

    /// <summary>An address field is not an IPv4 or IPv6 address.</summary>
    BadAddress,

    /// <summary>An enumerated field (action, log-status, flow-direction) has an unknown value.</summary>
    BadValue,

    /// <summary>A field the analysis needs (srcaddr, dstaddr, start) is <c>-</c> in a record whose status is OK.</summary>
    MissingValue,

    /// <summary>The end time is before the start time.</summary>
    BadTime,

    /// <summary>The gzip stream is corrupt or truncated; the rest of that file is lost.</summary>
    CorruptGzip,

    /// <summary>The input could not be opened or read.</summary>
    Unreadable,
}
