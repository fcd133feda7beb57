namespace CloudSniper.Core.Analytics;

/// <summary>How the records of a read were oriented.</summary>
public sealed class FlowAggregatorCounters
{
    /// <summary>Records of connections an internal host opened to an external one: the ones scored.</summary>
    public long Outbound { get; set; }

    /// <summary>Records of connections an external host opened (scans, served requests): not beacon candidates.</summary>
    public long Inbound { get; set; }

    /// <summary>Records between two internal hosts.</summary>
    public long InternalOnly { get; set; }

    /// <summary>Records between two external hosts (neither side internal).</summary>
    public long ExternalOnly { get; set; }

    /// <summary>Records outside <c>--since</c>/<c>--until</c>.</summary>
    public long OutsideWindow { get; set; }

    /// <summary>Adds another worker's counts.</summary>
    public void Add(FlowAggregatorCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Outbound += other.Outbound;
        Inbound += other.Inbound;
        InternalOnly += other.InternalOnly;
        ExternalOnly += other.ExternalOnly;
        OutsideWindow += other.OutsideWindow;
    }
}
