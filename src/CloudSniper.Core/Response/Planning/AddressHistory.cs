namespace CloudSniper.Core.Response.Planning;

/// <summary>What the response store remembers of one address: how often it was blocked and until when it is blocked now.</summary>
public readonly record struct AddressHistory(int PriorBlocks, DateTimeOffset? ActiveUntil);
