using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.FlowLogs;

/// <summary>What a flow-log read saw: records, NODATA and SKIPDATA lines, rejects by reason with the first examples.</summary>
public sealed class FlowReadCounters
{
    private readonly long[] rejected = new long[Enum.GetValues<FlowRejectReason>().Length];
    private readonly List<RecordError> examples = [];

    /// <summary>How many rejected lines keep their source and line for the report.</summary>
    public int MaxExamples { get; init; } = 50;

    /// <summary>Well-formed records with status OK.</summary>
    public long Records { get; set; }

    /// <summary>NODATA lines (no traffic in the window).</summary>
    public long NoData { get; set; }

    /// <summary>SKIPDATA lines (records AWS could not capture).</summary>
    public long SkipData { get; set; }

    /// <summary>Input documents read.</summary>
    public long Files { get; set; }

    /// <summary>Bytes of text read (after decompression).</summary>
    public long Bytes { get; set; }

    /// <summary>Lines rejected, over every reason.</summary>
    public long Rejected => rejected.Sum();

    /// <summary>Lines rejected for <paramref name="reason"/>.</summary>
    public long RejectedFor(FlowRejectReason reason) => rejected[(int)reason];

    /// <summary>Each reason with its count, non-zero only.</summary>
    public IReadOnlyList<KeyValuePair<FlowRejectReason, long>> RejectedByReason =>
        Enum.GetValues<FlowRejectReason>().Where(r => rejected[(int)r] > 0).Select(r => KeyValuePair.Create(r, rejected[(int)r])).ToList();

    /// <summary>The first rejected lines, each with its source, line and reason.</summary>
    public IReadOnlyList<RecordError> Examples => examples;

    /// <summary>Counts one rejected line (or <paramref name="count"/> of them) and keeps it as an example while there is room.</summary>
    public void Reject(FlowRejectReason reason, string source, long? line, string detail, long? offset = null, long count = 1)
    {
        rejected[(int)reason] += count;
        if (examples.Count < MaxExamples)
        {
            examples.Add(new RecordError(source, line, offset, $"{ReasonText(reason)}: {detail}"));
        }
    }

    /// <summary>Adds another counter's figures to this one (workers merge into the total).</summary>
    public void Add(FlowReadCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Records += other.Records;
        NoData += other.NoData;
        SkipData += other.SkipData;
        Files += other.Files;
        Bytes += other.Bytes;
        for (var i = 0; i < rejected.Length; i++)
        {
            rejected[i] += other.rejected[i];
        }

        foreach (var e in other.examples)
        {
            if (examples.Count < MaxExamples)
            {
                examples.Add(e);
            }
        }
    }

    /// <summary>A short human name of a reason, as counters print it.</summary>
    public static string ReasonText(FlowRejectReason reason) => reason switch
    {
        FlowRejectReason.MissingHeader => "missing header",
        FlowRejectReason.UnknownHeader => "unknown header",
        FlowRejectReason.ShortLine => "short line",
        FlowRejectReason.LongLine => "too many fields",
        FlowRejectReason.NonNumeric => "non-numeric field",
        FlowRejectReason.BadAddress => "bad address",
        FlowRejectReason.BadValue => "bad value",
        FlowRejectReason.MissingValue => "missing value",
        FlowRejectReason.BadTime => "end before start",
        FlowRejectReason.CorruptGzip => "corrupt gzip",
        FlowRejectReason.Unreadable => "unreadable input",
        _ => reason.ToString(),
    };
}
