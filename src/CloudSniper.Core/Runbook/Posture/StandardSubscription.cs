namespace CloudSniper.Core.Runbook.Posture;

/// <summary>A Security Hub standard subscription: its ARN and status (READY, INCOMPLETE, …).</summary>
public sealed record StandardSubscription(string StandardsArn, string Status);
