namespace CloudSniper.Core.Ingestion;

/// <summary>A rejected record: where it was (source, 1-based line and/or byte offset) and why.</summary>
public sealed record RecordError(string Source, long? Line, long? Offset, string Reason)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Source;
        if (Line is { } line)
        {
            where += $":{line}";
        }

        if (Offset is { } offset)
        {
            where += $" (byte {offset})";
        }

        return $"{where}: {Reason}";
    }
}
