namespace CloudSniper.Core.Response.Store;

/// <summary>Where a block lives.</summary>
public static class BlockKind
{
    /// <summary>An address in a WAFv2 IP set; the target is the set's ARN.</summary>
    public const string Waf = "waf";

    /// <summary>A DENY entry in a network ACL; the target is the ACL id.</summary>
    public const string NetworkAcl = "nacl";
}
