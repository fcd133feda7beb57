using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Synthetic;

/// <summary>A beacon the generator planted: the ground truth for recall and precision.</summary>
public sealed record PlantedBeacon(
    FlowAddress Src,
    FlowAddress Dst,
    ushort DstPort,
    byte Protocol,
    double Period,
    double Jitter,
    double DropRate,
    DateTimeOffset From,
    DateTimeOffset To,
    bool FixedSourcePort)
{
    /// <summary>Beats actually sent (after drops), filled in when the records are generated.</summary>
    public int Beats { get; set; }
}
