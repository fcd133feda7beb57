using System.Collections.Immutable;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Tests.Iam.Retirement;

/// <summary><c>sniper iam-policy --iam-review</c> grants exactly what the retirement playbook can do.</summary>
public sealed class IamRetirementPermissionsTests
{
    [Fact]
    public void For_GivenTheBuiltInPlaybook_GrantsKeyDeactivationAndPasswordRemovalWithUndo()
    {
        var permissions = IamRetirementPermissions.For(DefaultIamRetirementPlaybook.Load(), ActionRegistry.Default);

        Assert.Equal(
        [
            "iam:CreateLoginProfile", "iam:DeleteLoginProfile", "iam:GenerateCredentialReport", "iam:GetAccessKeyLastUsed", "iam:GetAccountAuthorizationDetails",
            "iam:GetCredentialReport", "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListUserTags", "iam:UpdateAccessKey",
        ], permissions);
    }

    [Fact]
    public void For_GivenANotifyOnlyPlaybookOverSns_GrantsNoWriteToIamButPublish()
    {
        var playbook = new IamRetirementPlaybook
        {
            Checks = ImmutableDictionary<string, RetirementDecision>.Empty,
            Channel = RetirementChannel.Sns,
        };

        var permissions = IamRetirementPermissions.For(playbook, ActionRegistry.Default);

        Assert.DoesNotContain("iam:UpdateAccessKey", permissions);
        Assert.DoesNotContain("iam:DeleteLoginProfile", permissions);
        Assert.DoesNotContain("iam:CreateLoginProfile", permissions);
        Assert.Contains("sns:Publish", permissions);
    }
}
