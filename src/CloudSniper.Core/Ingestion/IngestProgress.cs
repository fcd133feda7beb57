namespace CloudSniper.Core.Ingestion;

/// <summary>A progress snapshot of a running ingest.</summary>
public readonly record struct IngestProgress(long Documents, long Records, long Rejected, long Committed);
