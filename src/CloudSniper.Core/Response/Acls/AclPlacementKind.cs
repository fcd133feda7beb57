namespace CloudSniper.Core.Response.Acls;

/// <summary>What a DENY for an address needs in one direction of a network ACL.</summary>
public enum AclPlacementKind
{
    /// <summary>The first rule that matches the address is a DENY of all its traffic: nothing to add.</summary>
    AlreadyDenied,

    /// <summary>A DENY must be created at the number given, before every rule that lets the address in.</summary>
    Insert,

    /// <summary>No free number the tool may use lies before the first rule that lets the address in.</summary>
    NoRoom,
}
