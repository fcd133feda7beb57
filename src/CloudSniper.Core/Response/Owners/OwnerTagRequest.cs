using System.Collections.Immutable;

namespace CloudSniper.Core.Response.Owners;

/// <summary>Resources created by one CloudTrail event, to be tagged with their creator.</summary>
public sealed record OwnerTagRequest(
    string EventId,
    string EventName,
    string AccountId,
    string Region,
    string Owner,
    string PrincipalId,
    ImmutableArray<string> ResourceIds);
