namespace CloudSniper.Core.Response.Acls;

/// <summary>The decision for one address in one direction of a network ACL.</summary>
/// <param name="Kind">Already denied, insert, or no room.</param>
/// <param name="Number">The denying rule (already denied) or the number to create (insert); null when there is no room.</param>
/// <param name="Ceiling">The highest number a new DENY may take to be evaluated first (below the first matching ALLOW and within the tool's range).</param>
/// <param name="FirstAllow">The lowest-numbered ALLOW that matches the address, when there is one.</param>
/// <param name="Reason">Why, in words for the operator.</param>
public sealed record AclPlacement(AclPlacementKind Kind, int? Number, int Ceiling, AclRule? FirstAllow, string Reason);
