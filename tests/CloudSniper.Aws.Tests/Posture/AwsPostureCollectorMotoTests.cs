using Amazon.Runtime;
using CloudSniper.Aws.Posture;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.Posture;

/// <summary>The live collector against moto (an AWS API emulator) reached only through AWS_ENDPOINT_URL; skipped when python3 or moto is missing.</summary>
public sealed class AwsPostureCollectorMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    [Fact]
    public async Task Collect_AgainstMoto_ReadsEveryServiceWithoutErrorsAndSeesASeededDetector()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        var endpoint = moto.ServiceUrl.ToString().TrimEnd('/');
        var credentials = new BasicAWSCredentials("testing", "testing");
        using (var guardDuty = new CloudSniper.Aws.Posture.Internal.SignedServiceClient(credentials, "us-east-1", "guardduty", new Uri(endpoint + "/"), new SocketsHttpHandler()))
        {
            await guardDuty.RestAsync(HttpMethod.Post, "detector", new { enable = true }, ct);
        }

        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint };
        var collector = new AwsPostureCollector(credentials, "us-east-1", k => env.GetValueOrDefault(k), TimeProvider.System);
        var snapshot = await collector.CollectAsync(new PostureCollectionOptions { Regions = ["us-east-1"] }, ct);

        var account = Assert.Single(snapshot.Accounts);
        Assert.Matches("^[0-9]{12}$", account.AccountId);
        var region = Assert.Single(account.Regions);
        Assert.True(region.Errors.Count == 0, string.Join("; ", region.Errors.Select(e => $"{e.Service} {e.Operation}: {e.Message}")));
        Assert.Equal("ENABLED", Assert.Single(region.GuardDutyDetectors).Status);
        Assert.NotEmpty(region.Vpcs);

        var results = PostureChecks.Evaluate(snapshot, new CheckContext(DateTimeOffset.UtcNow)).ToLookup(r => r.Id);
        Assert.Equal(CheckStatus.Pass, Assert.Single(results["guardduty-enabled"]).Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(results["cloudtrail-multi-region-logging"]).Status);
    }
}
