using Amazon.Runtime;
using CloudSniper.Aws.Posture;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Aws.Tests.Posture;

/// <summary>The live collector over recorded AWS responses (one file per call, account 123456789012), then the checks over what it collected.</summary>
public sealed class AwsPostureCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static async Task<(PostureSnapshot Snapshot, List<ReplayHandler> Handlers)> CollectAsync(string scenario, PostureCollectionOptions? options = null, Func<string, string?>? env = null)
    {
        var handlers = new List<ReplayHandler>();
        var collector = new AwsPostureCollector(
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            "eu-west-1",
            env ?? (_ => null),
            new FixedTime(Now),
            () =>
            {
                var h = new ReplayHandler(scenario);
                lock (handlers)
                {
                    handlers.Add(h);
                }

                return h;
            });
        var snapshot = await collector.CollectAsync(options ?? new PostureCollectionOptions(), TestContext.Current.CancellationToken);
        return (snapshot, handlers);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Collect_GivenAWellSetUpAccount_ReadsEveryServiceAndSignsEveryCall()
    {
        var (snapshot, handlers) = await CollectAsync("healthy");
        var account = Assert.Single(snapshot.Accounts);
        Assert.Equal("123456789012", account.AccountId);
        var region = Assert.Single(account.Regions);
        Assert.Equal("eu-west-1", region.Region);
        Assert.True(region.Errors.Count == 0, string.Join("; ", region.Errors.Select(e => $"{e.Service} {e.Operation}: {e.Message}")));
        var trail = Assert.Single(region.Trails);
        Assert.True(trail.IsMultiRegion && trail.IsLogging && trail.LogFileValidationEnabled && trail.IncludesManagementEvents);
        Assert.Equal("All", trail.ReadWriteType);
        Assert.Equal(new GuardDutyDetector("12abc34d", "ENABLED"), Assert.Single(region.GuardDutyDetectors));
        Assert.Equal("READY", Assert.Single(region.SecurityHub!.Standards).Status);
        Assert.Equal(new InspectorStatus("ENABLED", "ENABLED", "DISABLED"), region.Inspector);
        Assert.True(Assert.Single(region.ConfigRecorders).Recording);
        Assert.Equal([new VpcInfo("vpc-0app", false, true), new VpcInfo("vpc-0default", true, false)], region.Vpcs);
        Assert.Equal(new ResourceCounts(Ec2Instances: 1, EcrRepositories: 1, LambdaFunctions: 0), region.Resources);
        Assert.True(account.Root!.MfaActive);
        Assert.False(account.Root.AccessKey1Active);
        Assert.Equal(Now, snapshot.CollectedAt);

        var calls = handlers.SelectMany(h => h.Calls).ToHashSet();
        Assert.Contains("ec2.DescribeRegions", calls);
        Assert.Contains("cloudtrail.GetEventSelectors", calls);
        Assert.Contains("iam.GetCredentialReport", calls);
        Assert.Empty(handlers.SelectMany(h => h.Unsigned));
        Assert.All(handlers.SelectMany(h => h.Requests), r => Assert.Equal("AKIDEXAMPLE", r.AccessKey));

        var results = PostureChecks.Evaluate(snapshot, new CheckContext(Now));
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Id}: {r.Message}"));
    }

    [Fact]
    public async Task Collect_GivenDeniedAndFailingCalls_RecordsThemAndTheChecksReportErrorsNamingThePermission()
    {
        var (snapshot, _) = await CollectAsync("denied", new PostureCollectionOptions { Regions = ["eu-west-1"] });
        var account = Assert.Single(snapshot.Accounts);
        var region = Assert.Single(account.Regions);
        var errors = region.Errors.ToDictionary(e => e.Service);
        Assert.True(errors["guardduty"].AccessDenied);
        Assert.Equal("guardduty:ListDetectors", errors["guardduty"].Permission);
        Assert.True(errors["config"].AccessDenied);
        Assert.True(errors["ec2"].AccessDenied);
        Assert.False(errors["cloudtrail"].AccessDenied);
        Assert.Contains("ThrottlingException", errors["cloudtrail"].Message, StringComparison.Ordinal);
        Assert.Null(region.SecurityHub);
        Assert.DoesNotContain("securityhub", errors.Keys);
        Assert.True(Assert.Single(account.Errors).AccessDenied);

        var results = PostureChecks.Evaluate(snapshot, new CheckContext(Now)).ToLookup(r => r.Id);
        var gd = Assert.Single(results["guardduty-enabled"]);
        Assert.Equal(CheckStatus.Error, gd.Status);
        Assert.Contains("missing permission guardduty:ListDetectors", gd.Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Fail, Assert.Single(results["securityhub-enabled"]).Status);
        Assert.Equal(CheckStatus.Error, Assert.Single(results["config-recording"]).Status);
        Assert.Equal(CheckStatus.Error, Assert.Single(results["vpc-flow-logs"]).Status);
        Assert.Contains("could not collect DescribeTrails", Assert.Single(results["cloudtrail-multi-region-logging"]).Message, StringComparison.Ordinal);
        Assert.All(results["root-mfa"].Concat(results["root-no-access-keys"]), r => Assert.Contains("missing permission iam:GetCredentialReport", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collect_ForTheOrganization_AssumesTheRoleInEveryActiveAccountAndCollectsWithItsCredentials()
    {
        var (snapshot, handlers) = await CollectAsync("org", new PostureCollectionOptions { WholeOrganization = true, Regions = ["eu-west-1"], OrganizationRoleName = "Auditor" });
        Assert.Equal(2, snapshot.Accounts.Count);
        var requests = handlers.SelectMany(h => h.Requests).ToList();
        var assumed = requests.Where(r => r.Key == "sts.AssumeRole").Select(r => Uri.UnescapeDataString(r.Body)).ToList();
        Assert.Equal(2, assumed.Count);
        Assert.Contains(assumed, b => b.Contains("RoleArn=arn:aws:iam::111111111111:role/Auditor", StringComparison.Ordinal));
        Assert.Contains(assumed, b => b.Contains("RoleArn=arn:aws:iam::333333333333:role/Auditor", StringComparison.Ordinal));
        Assert.DoesNotContain(assumed, b => b.Contains("222222222222", StringComparison.Ordinal));
        Assert.All(requests.Where(r => r.Key.StartsWith("guardduty.", StringComparison.Ordinal)), r => Assert.Equal("ASIAASSUMED", r.AccessKey));
        Assert.All(snapshot.Accounts, a => Assert.Equal("ENABLED", Assert.Single(Assert.Single(a.Regions).GuardDutyDetectors).Status));
    }

    [Fact]
    public async Task Collect_HonoursServiceEndpointOverrides()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_GUARDDUTY"] = "https://guardduty.emulator.test:4566", ["AWS_ENDPOINT_URL"] = "https://shared.emulator.test" };
        var endpoints = new PostureEndpoints(k => env.GetValueOrDefault(k));
        Assert.Equal("https://guardduty.emulator.test:4566/", endpoints.Resolve("GuardDuty", "guardduty", "eu-west-1").ToString());
        Assert.Equal("https://shared.emulator.test/", endpoints.Resolve("Config Service", "config", "eu-west-1").ToString());
        Assert.Equal("https://inspector2.eu-west-1.amazonaws.com/", new PostureEndpoints(_ => null).Resolve("Inspector2", "inspector2", "eu-west-1").ToString());
        Assert.Equal("https://iam.amazonaws.com/", new PostureEndpoints(_ => null).Resolve("IAM", "iam", "us-east-1", global: true).ToString());
    }

    [Fact]
    public void CredentialReport_ReadsTheRootRow()
    {
        const string csv = "user,arn,password_last_used,mfa_active,access_key_1_active,access_key_1_last_used_date,access_key_2_active,access_key_2_last_used_date\n"
            + "<root_account>,arn:aws:iam::123456789012:root,2026-11-20T10:00:00+00:00,false,true,2026-11-21T00:00:00+00:00,false,N/A\n";
        var root = CredentialReport.Root(csv)!;
        Assert.False(root.MfaActive);
        Assert.True(root.AccessKey1Active);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), root.AccessKey1LastUsed);
        Assert.Null(root.AccessKey2LastUsed);
        Assert.Null(CredentialReport.Root("user,arn\nbob,arn:aws:iam::1:user/bob\n"));
    }
}
