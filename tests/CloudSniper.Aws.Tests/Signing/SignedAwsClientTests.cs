using System.Text.Json.Nodes;
using Amazon.Runtime;
using CloudSniper.Aws.Signing;
using CloudSniper.Aws.Tests.Replay;

namespace CloudSniper.Aws.Tests.Signing;

public class SignedAwsClientTests
{
    private readonly ReplayHandler _replay = new();
    private readonly List<TimeSpan> _waits = [];

    private Wafv2Client Waf(int attempts = 5) => new(Client(AwsServiceDescription.Wafv2, attempts));

    private SignedAwsClient Client(AwsServiceDescription service, int attempts = 5) =>
        new(service, "eu-west-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new SignedClientOptions
        {
            Handler = _replay,
            Environment = _ => null,
            MaxAttempts = attempts,
            Delay = (d, _) =>
            {
                _waits.Add(d);
                return Task.CompletedTask;
            },
        });

    [Fact]
    public async Task ListIpSets_ParsesSummariesAndSendsTheTarget()
    {
        _replay.Then("ListIPSets", "wafv2.ListIPSets.http");
        var sets = await Waf().ListIpSetsAsync("REGIONAL", TestContext.Current.CancellationToken);
        Assert.Equal(["office-allow", "cloudsniper-blocked-ipv4"], sets.Select(s => s.Name));
        var request = Assert.Single(_replay.Requests);
        Assert.Equal("AWSWAF_20190729.ListIPSets", request.Headers["X-Amz-Target"]);
        Assert.Equal("REGIONAL", JsonNode.Parse(request.Body)!["Scope"]!.GetValue<string>());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateIpSet_SendsTheLockTokenAndReturnsTheNextOne()
    {
        _replay.Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var waf = Waf();
        var set = await waf.GetIpSetAsync("cloudsniper-blocked-ipv4", "REGIONAL", "3f1c2a9e-6b1d-4c4e-9a57-0d2b7e8f9a10", TestContext.Current.CancellationToken);
        var next = await waf.UpdateIpSetAsync(set, ["81.2.69.160/32", "45.155.0.9/32"], TestContext.Current.CancellationToken);
        Assert.Equal("9e2f7a61-0c4b-4d8e-b1a3-7f6e5d4c3b2a", next);
        var body = JsonNode.Parse(_replay.Requests[1].Body)!;
        Assert.Equal("6c1bd9a4-2a70-4c3e-9a1c-5e8f0a2b3c4d", body["LockToken"]!.GetValue<string>());
        Assert.Equal(2, body["Addresses"]!.AsArray().Count);
    }

    [Fact]
    public async Task Call_GivenThrottlingThenSuccess_RetriesWithJitteredBackoff()
    {
        _replay.Then("UpdateIPSet", "wafv2.UpdateIPSet.ThrottlingException.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.ThrottlingException.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var client = Client(AwsServiceDescription.Wafv2);
        await client.JsonAsync("AWSWAF_20190729", "UpdateIPSet", [], TestContext.Current.CancellationToken);
        Assert.Equal(3, client.Attempts);
        Assert.Equal(2, _waits.Count);
        Assert.InRange(_waits[0], TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        Assert.InRange(_waits[1], TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Call_GivenServerErrorThenSuccess_Retries()
    {
        _replay.Then("GetIPSet", "wafv2.GetIPSet.WAFInternalErrorException.http").Then("GetIPSet", "wafv2.GetIPSet.http");
        var set = await Waf().GetIpSetAsync("cloudsniper-blocked-ipv4", "REGIONAL", "x", TestContext.Current.CancellationToken);
        Assert.Equal(["81.2.69.160/32"], set.Addresses);
    }

    [Fact]
    public async Task Call_GivenThrottlingBeyondTheAttempts_ThrowsTypedThrottling()
    {
        _replay.Then("UpdateIPSet", "wafv2.UpdateIPSet.ThrottlingException.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.ThrottlingException.http");
        var ex = await Assert.ThrowsAsync<AwsThrottlingException>(() => Client(AwsServiceDescription.Wafv2, attempts: 2).JsonAsync("AWSWAF_20190729", "UpdateIPSet", [], TestContext.Current.CancellationToken));
        Assert.Equal("ThrottlingException", ex.ErrorCode);
    }

    [Theory]
    [InlineData("UpdateIPSet", "wafv2.UpdateIPSet.WAFOptimisticLockException.http", typeof(AwsOptimisticLockException), "WAFOptimisticLockException")]
    [InlineData("UpdateIPSet", "wafv2.UpdateIPSet.WAFLimitsExceededException.http", typeof(AwsLimitExceededException), "WAFLimitsExceededException")]
    [InlineData("GetIPSet", "wafv2.GetIPSet.WAFNonexistentItemException.http", typeof(AwsNotFoundException), "WAFNonexistentItemException")]
    [InlineData("ListIPSets", "wafv2.ListIPSets.AccessDeniedException.http", typeof(AwsAccessDeniedException), "AccessDeniedException")]
    [InlineData("CreateIPSet", "wafv2.CreateIPSet.WAFDuplicateItemException.http", typeof(AwsServiceException), "WAFDuplicateItemException")]
    public async Task Call_GivenDocumentedWafError_ThrowsTypedExceptionWithoutRetry(string operation, string file, Type type, string code)
    {
        _replay.Then(operation, file);
        var ex = await Assert.ThrowsAnyAsync<AwsServiceException>(() => Client(AwsServiceDescription.Wafv2).JsonAsync("AWSWAF_20190729", operation, [], TestContext.Current.CancellationToken));
        Assert.IsType(type, ex);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal("wafv2:" + operation, ex.Permission);
        Assert.Single(_replay.Requests);
    }

    [Theory]
    [InlineData("UpdateAccessKey", "iam.UpdateAccessKey.NoSuchEntity.http", typeof(AwsNotFoundException), "NoSuchEntity")]
    [InlineData("UpdateAccessKey", "iam.UpdateAccessKey.AccessDenied.http", typeof(AwsAccessDeniedException), "AccessDenied")]
    [InlineData("PutRolePolicy", "iam.PutRolePolicy.MalformedPolicyDocument.http", typeof(AwsServiceException), "MalformedPolicyDocument")]
    public async Task Query_GivenDocumentedIamError_ThrowsTypedException(string operation, string file, Type type, string code)
    {
        _replay.Then(operation, file);
        var iam = new IamClient(Client(AwsServiceDescription.Iam));
        Task Act() => operation == "UpdateAccessKey"
            ? iam.UpdateAccessKeyAsync("alice", "AKIAIOSFODNN7EXAMPLE", "Inactive", TestContext.Current.CancellationToken)
            : iam.PutRolePolicyAsync("web-role", "p", "{}", TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAnyAsync<AwsServiceException>(Act);
        Assert.True(type.IsInstanceOfType(ex), ex.GetType().Name);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Contains("Action=" + operation, _replay.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("https://iam.amazonaws.com/", _replay.Requests[0].Uri.ToString());
    }

    [Fact]
    public async Task Query_GivenThrottledIam_Retries()
    {
        _replay.Then("PutRolePolicy", "iam.PutRolePolicy.Throttling.http").Then("PutRolePolicy", "iam.PutRolePolicy.http");
        await new IamClient(Client(AwsServiceDescription.Iam)).PutRolePolicyAsync("web-role", "p", "{}", TestContext.Current.CancellationToken);
        Assert.Equal(2, _replay.Requests.Count);
    }

    [Fact]
    public async Task Publish_ReturnsMessageIdOrTypedErrors()
    {
        _replay.Then("Publish", "sns.Publish.http").Then("Publish", "sns.Publish.AuthorizationError.http").Then("Publish", "sns.Publish.NotFound.http");
        var sns = new SnsClient(Client(AwsServiceDescription.Sns));
        Assert.False(string.IsNullOrEmpty(await sns.PublishAsync("arn:aws:sns:eu-west-1:123456789012:secops", "s", "m", TestContext.Current.CancellationToken)));
        var denied = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => sns.PublishAsync("arn:aws:sns:eu-west-1:123456789012:secops", "s", "m", TestContext.Current.CancellationToken));
        Assert.Equal("sns:Publish", denied.Permission);
        await Assert.ThrowsAsync<AwsNotFoundException>(() => sns.PublishAsync("arn:aws:sns:eu-west-1:123456789012:gone", "s", "m", TestContext.Current.CancellationToken));
    }
}
