namespace CloudSniper.Core.Response.Store;

/// <summary>An approval of one action of a stored plan.</summary>
public sealed record Approval(string PlanId, string ActionId, string Approver, DateTimeOffset At);
