namespace CloudSniper.Core.Ingestion;

/// <summary>
/// One named input (a file, an S3 object, an SQS message body, stdin) and a way to open it. A source that must
/// acknowledge its input only once it is stored (SQS) sets <see cref="OnCompletedAsync"/>, which the pipeline
/// calls after every record of the document has been committed, or with the failure that prevented it.
/// </summary>
public sealed record InputDocument(string Name, Func<CancellationToken, Task<Stream>> OpenAsync, long? Length = null)
{
    /// <summary>Called once the document's records are committed (or could not be read).</summary>
    public Func<DocumentOutcome, CancellationToken, Task>? OnCompletedAsync { get; init; }

    /// <summary>Commit what has been read so far once this document is parsed, instead of waiting for a full batch.</summary>
    public bool FlushAfter { get; init; }
}
