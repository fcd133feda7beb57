namespace CloudSniper.Core.Ingestion;

/// <summary>Lists the documents of one input argument (a path, glob, <c>-</c>, <c>s3://…</c>).</summary>
public interface IInputSource
{
    /// <summary>The documents, in a stable order; a missing path is an error naming it.</summary>
    IAsyncEnumerable<InputDocument> EnumerateAsync(CancellationToken cancellationToken = default);
}
