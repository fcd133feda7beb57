namespace CloudSniper.Core.Runbook.Checks;

/// <summary>One line of the mute list: check id, account, region and resource patterns (<c>*</c> wildcards) and the reason.</summary>
public sealed record MuteRule(string CheckId, string Account, string Region, string Resource, string? Reason);
