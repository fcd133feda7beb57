using CloudSniper.Core.Ingestion;

namespace CloudSniper.Server.Intake;

/// <summary>What became of a submitted document: the ids stored, every rejected record, and the plans made for them.</summary>
public sealed record IntakeResult(IReadOnlyList<string> Accepted, IReadOnlyList<RecordError> Rejected, long RejectedCount, IReadOnlyList<string> Plans);
