namespace CloudSniper.Aws.Signing;

/// <summary>A WAFv2 IP set as <c>GetIPSet</c> returns it, with the lock token to update it.</summary>
public sealed record WafIpSet(string Name, string Id, string Arn, string Scope, string IpAddressVersion, IReadOnlyList<string> Addresses, string LockToken);
