using System.Web;
using Amazon.Runtime;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;

namespace CloudSniper.Aws.Tests.Response;

public class AwsClientFactoryTests
{
    private static Dictionary<string, string> Form(RecordedRequest request) =>
        request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => HttpUtility.UrlDecode(p[0]), p => HttpUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    private static AwsClientFactory Factory(ReplayHandler replay, string? ownAccount) => new(new AwsClientOptions
    {
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        AssumeRoleName = "CloudSniperResponder",
        ExternalId = "org-123",
        OwnAccountId = ownAccount,
        SdkHttpClientFactory = new ReplayHttpClientFactory(replay),
        SignedHandler = replay,
        Environment = _ => null,
        Time = new ManualTime(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)),
    });

    [Fact]
    public async Task MemberAccount_AssumesTheRoleWithExternalIdOnce_AndSignsWithTheSession()
    {
        var replay = new ReplayHandler().Then("AssumeRole", "sts.AssumeRole.http").Then("DescribeInstances", "ec2.DescribeInstances.http").Then("GetIPSet", "wafv2.GetIPSet.http");
        using var clients = Factory(replay, ownAccount: "123456789012");

        var ec2 = await clients.Ec2Async("210987654321", "eu-west-1", TestContext.Current.CancellationToken);
        await ec2.DescribeInstancesAsync(new Amazon.EC2.Model.DescribeInstancesRequest(), TestContext.Current.CancellationToken);
        var waf = await clients.WafAsync("210987654321", "eu-west-1", TestContext.Current.CancellationToken);
        await waf.GetIpSetAsync("cloudsniper-blocked-ipv4", "REGIONAL", "x", TestContext.Current.CancellationToken);

        Assert.Equal(1, clients.AssumeRoleCalls);
        var assume = Form(replay.Requests[0]);
        Assert.Equal("arn:aws:iam::210987654321:role/CloudSniperResponder", assume["RoleArn"]);
        Assert.Equal("org-123", assume["ExternalId"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIATCH6YDSYSH6ISRQR/", replay.Requests[1].Headers["Authorization"], StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIATCH6YDSYSH6ISRQR/", replay.Requests[2].Headers["Authorization"], StringComparison.Ordinal);
        Assert.True(replay.Requests[2].Headers.ContainsKey("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task OwnAccount_UsesTheBaseCredentialsAfterAskingWhoAmI()
    {
        var replay = new ReplayHandler().Then("GetCallerIdentity", "sts.GetCallerIdentity.http").Then("GetIPSet", "wafv2.GetIPSet.http");
        using var clients = Factory(replay, ownAccount: null);
        var waf = await clients.WafAsync("123456789012", "eu-west-1", TestContext.Current.CancellationToken);
        await waf.GetIpSetAsync("cloudsniper-blocked-ipv4", "REGIONAL", "x", TestContext.Current.CancellationToken);
        Assert.Equal(0, clients.AssumeRoleCalls);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", replay.Requests[1].Headers["Authorization"], StringComparison.Ordinal);
    }
}
