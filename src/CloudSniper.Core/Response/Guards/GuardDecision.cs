namespace CloudSniper.Core.Response.Guards;

/// <summary>What one guard decided about one subject (an address, a finding, an action): allowed, or stopped and why.</summary>
public sealed record GuardDecision(string Guard, string Subject, bool Allowed, string Reason);
