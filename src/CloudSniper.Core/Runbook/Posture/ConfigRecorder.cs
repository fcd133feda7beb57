namespace CloudSniper.Core.Runbook.Posture;

/// <summary>An AWS Config recorder and whether it is recording.</summary>
public sealed record ConfigRecorder(string Name, bool Recording, bool AllSupported, string? LastStatus);
