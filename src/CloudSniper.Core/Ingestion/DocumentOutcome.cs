namespace CloudSniper.Core.Ingestion;

/// <summary>What became of one input document: records stored, records rejected, and the first errors.</summary>
public sealed record DocumentOutcome(string Name, long Records, long Rejected, IReadOnlyList<RecordError> Errors)
{
    /// <summary>True when every record of the document was read and stored.</summary>
    public bool Succeeded => Rejected == 0;
}
