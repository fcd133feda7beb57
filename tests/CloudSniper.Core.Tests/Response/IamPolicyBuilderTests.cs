using System.Text.Json;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Tests.Response;

/// <summary>The generated policy is least privilege: each action on the narrowest resource AWS lets it be scoped to, valid grammar, within the size quota.</summary>
public sealed class IamPolicyBuilderTests
{
    // Actions the product calls that accept resource-level permissions, with the resource type the Service Authorization
    // Reference names for each (hand-copied, not derived from the code): none of them may be granted on "*".
    public static TheoryData<string, string> ScopableActions => new()
    {
        { "ec2:CreateNetworkAclEntry", ":network-acl/" },
        { "ec2:DeleteNetworkAclEntry", ":network-acl/" },
        { "ec2:ModifyNetworkInterfaceAttribute", ":network-interface/" },
        { "ec2:RevokeSecurityGroupEgress", ":security-group/" },
        { "ec2:CreateSecurityGroup", ":security-group/" },
        { "ec2:CreateSnapshot", ":volume/" },
        { "ec2:CreateTags", ":instance/" },
        { "ec2:DeleteTags", ":instance/" },
        { "wafv2:UpdateIPSet", "/ipset/" },
        { "wafv2:GetIPSet", "/ipset/" },
        { "wafv2:CreateIPSet", "/ipset/" },
        { "iam:PutRolePolicy", ":role/" },
        { "iam:DeleteRolePolicy", ":role/" },
        { "iam:UpdateAccessKey", ":user/" },
        { "sns:Publish", "arn:aws:sns:" },
        { "servicequotas:GetServiceQuota", ":vpc/L-2AEEBF1A" },
    };

    private static JsonElement Policy(string? assumeRole = null, IEnumerable<PolicyStatement>? extra = null)
    {
        using var document = JsonDocument.Parse(IamPolicyBuilder.Build(ActionRegistry.Default.All, assumeRole, extra));
        return document.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Allows(JsonElement policy) =>
        policy.GetProperty("Statement").EnumerateArray().Where(s => s.GetProperty("Effect").GetString() == "Allow");

    private static IEnumerable<string> Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? [e.GetString()!] : e.EnumerateArray().Select(x => x.GetString()!);

    [Theory]
    [MemberData(nameof(ScopableActions))]
    public void Build_GivenEveryAction_GrantsAScopableActionOnlyOnItsResourceType(string action, string resourceType)
    {
        var statement = Assert.Single(Allows(Policy()), s => Strings(s.GetProperty("Action")).Contains(action));

        var resources = Strings(statement.GetProperty("Resource")).ToList();
        Assert.DoesNotContain("*", resources);
        Assert.Contains(resources, r => r.Contains(resourceType, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_GivenEveryAction_CoversEveryDeclaredPermission()
    {
        var granted = Allows(Policy()).SelectMany(s => Strings(s.GetProperty("Action"))).ToHashSet(StringComparer.Ordinal);

        Assert.All(ActionRegistry.Default.All.SelectMany(a => a.Permissions), p => Assert.Contains(p, granted));
    }

    [Fact]
    public void Build_GivenTheWholeWorker_IsValidPolicyGrammarUnderTheManagedPolicySizeQuota()
    {
        var extra = new List<PolicyStatement> { WorkerPermissions.DynamoDbTable("sniper-kb"), WorkerPermissions.SqsQueue("findings", "123456789012", 2) };
        extra.AddRange(WorkerPermissions.S3Prefix("flow-logs", "AWSLogs/", 1));
        var text = IamPolicyBuilder.Render(IamPolicyBuilder.Statements(
            ActionRegistry.Default.All.SelectMany(a => a.Permissions).Concat(WorkerPermissions.Runbook()).Concat(WorkerPermissions.IamReview), "CloudSniperMember", extra));
        using var document = JsonDocument.Parse(text);
        var policy = document.RootElement;

        Assert.Equal("2012-10-17", policy.GetProperty("Version").GetString());
        var sids = policy.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()!).ToList();
        Assert.Equal(sids.Count, sids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sids, sid => Assert.Matches("^[A-Za-z0-9]+$", sid));

        // IAM quotas: a managed policy is at most 6,144 characters, white space not counted.
        Assert.True(text.Count(c => !char.IsWhiteSpace(c)) <= 6144, $"{text.Count(c => !char.IsWhiteSpace(c))} characters");
    }

    [Fact]
    public void Build_GivenRoleWrites_DeniesThemOnProtectedRolesAndTheMemberRole()
    {
        var denies = Policy("CloudSniperMember").GetProperty("Statement").EnumerateArray().Where(s => s.GetProperty("Effect").GetString() == "Deny").ToList();

        var tagged = Assert.Single(denies, s => s.GetProperty("Sid").GetString() == "CloudSniperProtectedRoles");
        Assert.Equal("true", tagged.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:ResourceTag/cloudsniper:protected").EnumerateArray().Single().GetString());
        var member = Assert.Single(denies, s => s.GetProperty("Sid").GetString() == "CloudSniperMemberRoleUntouched");
        Assert.Equal("arn:aws:iam::*:role/CloudSniperMember", member.GetProperty("Resource").GetString());
    }

    [Fact]
    public void S3Prefix_GrantsReadingUnderThePrefixAndListingOnlyIt()
    {
        var text = IamPolicyBuilder.Render(WorkerPermissions.S3Prefix("flow-logs", "AWSLogs/1/", 1));

        using var document = JsonDocument.Parse(text);
        var statements = document.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal("arn:aws:s3:::flow-logs/AWSLogs/1/*", statements[0].GetProperty("Resource").GetString());
        Assert.Equal("s3:GetObject", statements[0].GetProperty("Action").EnumerateArray().Single().GetString());
        Assert.Equal("arn:aws:s3:::flow-logs", statements[1].GetProperty("Resource").GetString());
        Assert.Equal("AWSLogs/1/*", statements[1].GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix").EnumerateArray().Single().GetString());
    }

    [Fact]
    public void DynamoDbTable_CoversTheKnowledgeBaseAndResponseTablesAndTheirIndexes()
    {
        var statement = WorkerPermissions.DynamoDbTable("kb");

        Assert.Equal(
        [
            "arn:aws:dynamodb:*:*:table/kb", "arn:aws:dynamodb:*:*:table/kb/index/*",
            "arn:aws:dynamodb:*:*:table/kb-response", "arn:aws:dynamodb:*:*:table/kb-response/index/*",
        ], statement.Resources);
        Assert.Contains("dynamodb:ConditionCheckItem", statement.Actions);
        Assert.DoesNotContain(statement.Actions, a => a.EndsWith('*'));
    }
}
