using System.Text.Json;
using CloudSniper.Core.Iam;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Iam;

/// <summary>Administrator access and role trusts in the bundled sample of get-account-authorization-details.</summary>
public sealed class AuthorizationReviewTests
{
    private static IReadOnlyList<IamFinding> ReviewSample(IamReviewOptions options)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoRoot.Find()!, "samples", "iam", "authorization-details.json")));
        return AuthorizationReview.Review(document.RootElement, options);
    }

    [Fact]
    public void Review_GivenTheSample_FindsAdminsAndOpenOrOutsideTrusts()
    {
        var findings = ReviewSample(new IamReviewOptions());

        Assert.Equal(
        [
            "admin-policy-attached ci-deployer",
            "admin-policy-attached deployers",
            "role-trust-wildcard open-to-the-world",
            "role-trust-external-no-external-id vendor-audit",
        ], findings.Select(f => f.Check + " " + f.User));
        Assert.Equal("group deployers has inline policy everything allowing \"*\" on \"*\"", findings[1].Detail);
        Assert.Equal("role vendor-audit trusts account 999988887777, outside the organisation, without an sts:ExternalId condition", findings[3].Detail);
    }

    [Fact]
    public void Review_GivenTheTrustedAccountIsInTheOrganisation_DoesNotFlagIt()
    {
        var findings = ReviewSample(new IamReviewOptions { OrganizationAccounts = new HashSet<string> { "999988887777" } });

        Assert.DoesNotContain(findings, f => f.Check == "role-trust-external-no-external-id");
    }

    [Fact]
    public void Review_GivenAUrlEncodedTrustPolicyAsTheApiReturnsIt_ReadsIt()
    {
        using var document = JsonDocument.Parse("""
            {"RoleDetailList":[{"RoleName":"r","Arn":"arn:aws:iam::111122223333:role/r",
              "AssumeRolePolicyDocument":"%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22*%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"}]}
            """);

        var finding = Assert.Single(AuthorizationReview.Review(document.RootElement, new IamReviewOptions()));
        Assert.Equal("role-trust-wildcard", finding.Check);
    }

    [Fact]
    public void Review_GivenACustomerManagedPolicyAllowingEverything_FindsItsUsers()
    {
        using var document = JsonDocument.Parse("""
            {"UserDetailList":[{"UserName":"u","Arn":"arn:aws:iam::111122223333:user/u",
               "AttachedManagedPolicies":[{"PolicyName":"god","PolicyArn":"arn:aws:iam::111122223333:policy/god"}]}],
             "Policies":[{"PolicyName":"god","Arn":"arn:aws:iam::111122223333:policy/god","PolicyVersionList":[
               {"VersionId":"v1","IsDefaultVersion":false,"Document":{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}},
               {"VersionId":"v2","IsDefaultVersion":true,"Document":{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}}]}]}
            """);

        var finding = Assert.Single(AuthorizationReview.Review(document.RootElement, new IamReviewOptions()));
        Assert.Equal("user u has managed policy god allowing \"*\" on \"*\"", finding.Detail);
    }
}
