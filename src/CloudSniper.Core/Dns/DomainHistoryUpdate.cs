namespace CloudSniper.Core.Dns;

/// <summary>What a <see cref="IDomainHistory.RecordAsync"/> call learnt: the domains new to the history and whether it was empty before.</summary>
public sealed record DomainHistoryUpdate(IReadOnlySet<string> New, bool WasEmpty);
