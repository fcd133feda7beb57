namespace CloudSniper.Core.Dns;

/// <summary>What a read of query-log documents saw: documents, lines, queries parsed and lines or documents rejected.</summary>
public sealed class DnsReadCounters
{
    /// <summary>Documents read (an unreadable one included).</summary>
    public long Files { get; internal set; }

    /// <summary>Lines read.</summary>
    public long Lines { get; internal set; }

    /// <summary>Queries parsed and aggregated.</summary>
    public long Queries { get; internal set; }

    /// <summary>Lines (and documents) rejected, each reported with its source and reason.</summary>
    public long Rejected { get; internal set; }
}
