using System.Text;

namespace CloudSniper.Aws.Tests.Replay;

/// <summary>EC2 answers in the shape the recorded files have, for ACL states a scenario needs.</summary>
internal static class Ec2Xml
{
    public const string Instance = "i-0e11b5142d32e2df5";
    public const string Subnet = "subnet-0b8e836cdf2e61f2e";
    public const string Acl = "acl-cad2fe2b9ab5ef6f2";
    public const string Vpc = "vpc-dacac873461cf5340";

    public sealed record Entry(int Number, bool Egress, string Cidr, string Action = "deny");

    /// <summary>The default ACL (allow 100, deny 32767 both ways) plus <paramref name="extra"/> entries.</summary>
    public static string NetworkAcls(params Entry[] extra)
    {
        var entries = new List<Entry>
        {
            new(100, true, "0.0.0.0/0", "allow"), new(32767, true, "0.0.0.0/0"),
            new(100, false, "0.0.0.0/0", "allow"), new(32767, false, "0.0.0.0/0"),
        };
        entries.AddRange(extra);
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DescribeNetworkAclsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><networkAclSet><item>");
        sb.Append($"<associationSet><item><networkAclAssociationId>aclassoc-a9b47ef4ba76516ba</networkAclAssociationId><networkAclId>{Acl}</networkAclId><subnetId>{Subnet}</subnetId></item></associationSet><entrySet>");
        foreach (var e in entries)
        {
            var cidr = e.Cidr.Contains(':', StringComparison.Ordinal) ? $"<ipv6CidrBlock>{e.Cidr}</ipv6CidrBlock>" : $"<cidrBlock>{e.Cidr}</cidrBlock>";
            sb.Append($"<item>{cidr}<egress>{(e.Egress ? "true" : "false")}</egress><protocol>-1</protocol><ruleAction>{e.Action}</ruleAction><ruleNumber>{e.Number}</ruleNumber></item>");
        }

        sb.Append($"</entrySet><default>true</default><networkAclId>{Acl}</networkAclId><tagSet/><vpcId>{Vpc}</vpcId><ownerId>123456789012</ownerId></item></networkAclSet><requestId>request-id</requestId></DescribeNetworkAclsResponse>");
        return sb.ToString();
    }
}
