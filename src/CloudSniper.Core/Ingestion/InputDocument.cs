namespace CloudSniper.Core.Ingestion;

/// <summary>One named input (a file, an S3 object, an SQS message body, stdin) and a way to open it.</summary>
public sealed record InputDocument(string Name, Func<CancellationToken, Task<Stream>> OpenAsync, long? Length = null);
