namespace CloudSniper.Core.Runbook.Model;

/// <summary>What was read from one kind of input (cloudtrail, guardduty, inspector, snapshot): files, records, rejects and why.</summary>
public sealed record InputSummary(string Kind, int Files, long Records, long Rejected, long Bytes, IReadOnlyList<string> Paths, IReadOnlyList<string> Errors);
