namespace CloudSniper.Core.Response.Planning;

/// <summary>An action (or one address of it) that a guard or a missing precondition stopped, with the reason.</summary>
public sealed record SkippedAction(string FindingId, string Rule, string ActionKey, string Guard, string Subject, string Reason);
