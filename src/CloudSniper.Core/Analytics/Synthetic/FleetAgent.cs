using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Synthetic;

/// <summary>A benign fleet-wide periodic agent: many hosts talk to one destination on a schedule. Reporting it is a false positive.</summary>
public sealed record FleetAgent(FlowAddress Dst, ushort DstPort, double Period, double Jitter, double HostShare);
