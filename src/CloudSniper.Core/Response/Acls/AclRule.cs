using CloudSniper.Core.Net;

namespace CloudSniper.Core.Response.Acls;

/// <summary>One network ACL rule of one direction, as far as the order of evaluation needs it.</summary>
/// <param name="Number">The rule number (1–32766; the default <c>*</c> rules come back from EC2 as 32767 and 32768).</param>
/// <param name="Allow">True for ALLOW, false for DENY.</param>
/// <param name="Cidr">The source (ingress) or destination (egress) block.</param>
/// <param name="AllProtocols">True when the rule applies to every protocol and port (<c>-1</c>).</param>
public sealed record AclRule(int Number, bool Allow, IpNetwork Cidr, bool AllProtocols);
