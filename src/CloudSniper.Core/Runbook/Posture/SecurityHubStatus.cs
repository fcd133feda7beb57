namespace CloudSniper.Core.Runbook.Posture;

/// <summary>The Security Hub hub of a region and the standards subscribed in it (with their status).</summary>
public sealed record SecurityHubStatus(string? HubArn, IReadOnlyList<StandardSubscription> Standards);
