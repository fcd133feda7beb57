namespace CloudSniper.Core.Response;

/// <summary>
/// Where each IAM action the product calls may be scoped, from the Service Authorization Reference ("Actions, resources,
/// and condition keys for Amazon EC2 / AWS WAF V2 / IAM / Amazon SNS / Service Quotas"): the resource types each action
/// accepts. An action missing here supports no resource-level permission (List and Describe calls) and is granted on "*".
/// </summary>
public static class PermissionScopes
{
    private static readonly PermissionScope NetworkAcls = new("Ec2NetworkAcls", ["arn:aws:ec2:*:*:network-acl/*"]);

    // The quarantine group is created with the tag cloudsniper:managed=true; only such groups lose their egress rules.
    private static readonly PermissionScope ManagedSecurityGroups = new("Ec2ManagedSecurityGroups", ["arn:aws:ec2:*:*:security-group/*"],
        new Dictionary<string, IReadOnlyDictionary<string, string[]>>
        {
            ["StringEquals"] = new Dictionary<string, string[]> { ["aws:ResourceTag/cloudsniper:managed"] = ["true"] },
        });

    private static readonly PermissionScope Isolation = new("Ec2Isolation",
        ["arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:vpc/*"]);

    private static readonly PermissionScope Snapshots = new("Ec2Snapshots", ["arn:aws:ec2:*::snapshot/*", "arn:aws:ec2:*:*:volume/*"]);

    private static readonly PermissionScope Tags = new("Ec2Tags",
    [
        "arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*::snapshot/*", "arn:aws:ec2:*:*:security-group/*",
        "arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:image/*", "arn:aws:ec2:*:*:vpc/*", "arn:aws:ec2:*:*:subnet/*",
    ]);

    private static readonly PermissionScope IpSets = new("WafIpSets", ["arn:aws:wafv2:*:*:regional/ipset/*/*", "arn:aws:wafv2:*:*:global/ipset/*/*"]);

    private static readonly PermissionScope Roles = new("IamRoles", ["arn:aws:iam::*:role/*"]);

    private static readonly PermissionScope Users = new("IamUsers", ["arn:aws:iam::*:user/*"]);

    private static readonly PermissionScope Topics = new("SnsTopics", ["arn:aws:sns:*:*:*"]);

    private static readonly PermissionScope AclQuota = new("VpcAclQuota", ["arn:aws:servicequotas:*:*:vpc/L-2AEEBF1A"]);

    private static readonly Dictionary<string, PermissionScope> Scopes = new(StringComparer.Ordinal)
    {
        ["ec2:CreateNetworkAclEntry"] = NetworkAcls,
        ["ec2:DeleteNetworkAclEntry"] = NetworkAcls,
        ["ec2:ReplaceNetworkAclEntry"] = NetworkAcls,
        ["ec2:RevokeSecurityGroupEgress"] = ManagedSecurityGroups,
        ["ec2:CreateSecurityGroup"] = new("Ec2QuarantineGroups", ["arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:vpc/*"]),
        ["ec2:ModifyNetworkInterfaceAttribute"] = Isolation,
        ["ec2:CreateSnapshot"] = Snapshots,
        ["ec2:CreateTags"] = Tags,
        ["ec2:DeleteTags"] = Tags,
        ["wafv2:CreateIPSet"] = IpSets,
        ["wafv2:GetIPSet"] = IpSets,
        ["wafv2:UpdateIPSet"] = IpSets,
        ["wafv2:TagResource"] = IpSets,
        ["iam:PutRolePolicy"] = Roles,
        ["iam:DeleteRolePolicy"] = Roles,
        ["iam:UpdateAccessKey"] = Users,

        // IAM's user-level actions of the IAM review and retirement all take the user resource type.
        ["iam:ListAccessKeys"] = Users,
        ["iam:GetAccessKeyLastUsed"] = Users,
        ["iam:ListUserTags"] = Users,
        ["iam:ListMFADevices"] = Users,
        ["iam:GetLoginProfile"] = Users,
        ["iam:DeleteLoginProfile"] = Users,
        ["iam:CreateLoginProfile"] = Users,
        ["sns:Publish"] = Topics,
        ["servicequotas:GetServiceQuota"] = AclQuota,
    };

    /// <summary>The scope of <paramref name="permission"/>; "*" for actions without resource-level permissions.</summary>
    public static PermissionScope For(string permission) =>
        Scopes.TryGetValue(permission, out var scope) ? scope : new PermissionScope("AnyResource", ["*"]);
}
