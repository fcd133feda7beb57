using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Tests.Runbook;

public sealed class PostureChecksTests
{
    private static readonly CheckContext Context = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    private static readonly TrailInfo GoodTrail = new()
    {
        Name = "org", Arn = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org", HomeRegion = "eu-west-1",
        IsMultiRegion = true, IsLogging = true, LogFileValidationEnabled = true, KmsKeyId = "arn:aws:kms:eu-west-1:123456789012:key/k",
    };

    private static RegionPosture GoodRegion(string region) => new()
    {
        Region = region,
        Trails = [GoodTrail],
        GuardDutyDetectors = [new GuardDutyDetector("d-" + region, "ENABLED")],
        SecurityHub = new SecurityHubStatus("arn:aws:securityhub:" + region + ":123456789012:hub/default", [new StandardSubscription("arn:aws:securityhub:" + region + "::standards/aws-foundational-security-best-practices/v/1.0.0", "READY")]),
        Inspector = new InspectorStatus("ENABLED", "ENABLED", "ENABLED"),
        ConfigRecorders = [new ConfigRecorder("default", true, true, "SUCCESS")],
        Vpcs = [new VpcInfo("vpc-1", false, true), new VpcInfo("vpc-unused", true, false)],
        FlowLogs = [new FlowLogInfo("fl-1", "vpc-1", "ACTIVE")],
        Resources = new ResourceCounts(Ec2Instances: 3, EcrRepositories: 1, LambdaFunctions: 2),
    };

    private static PostureSnapshot Snapshot(Func<RegionPosture, RegionPosture>? region = null, RootCredentials? root = null, IReadOnlyList<CollectionError>? accountErrors = null)
    {
        region ??= r => r;
        return new PostureSnapshot
        {
            Accounts =
            [
                new AccountPosture
                {
                    AccountId = "123456789012",
                    Regions = [region(GoodRegion("eu-west-1")), region(GoodRegion("us-east-1"))],
                    Root = root ?? new RootCredentials { MfaActive = true, PasswordLastUsed = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) },
                    Errors = accountErrors ?? [],
                },
            ],
        };
    }

    private static List<CheckResult> Run(string id, PostureSnapshot snapshot) =>
        PostureChecks.Find(id)!.Evaluate(snapshot, Context).ToList();

    [Fact]
    public void Registry_EveryCheckHasUniqueIdAndCompleteMetadata()
    {
        Assert.Equal(PostureChecks.All.Count, PostureChecks.All.Select(c => c.Metadata.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(PostureChecks.All, c =>
        {
            var m = c.Metadata;
            Assert.Matches("^[a-z0-9-]+$", m.Id);
            Assert.False(string.IsNullOrWhiteSpace(m.Title));
            Assert.False(string.IsNullOrWhiteSpace(m.Risk));
            Assert.False(string.IsNullOrWhiteSpace(m.RemediationCli));
            Assert.False(string.IsNullOrWhiteSpace(m.RemediationTerraform));
            Assert.Contains(m.Severity, new[] { "critical", "high", "medium", "low" });
            Assert.NotEmpty(m.Permissions);
            Assert.All(m.Permissions, p => Assert.Matches("^[a-z0-9-]+:[A-Za-z]+$", p));
            Assert.All(m.Cis, id => Assert.Matches(@"^\d+\.\d+$", id));
        });
    }

    [Fact]
    public void Evaluate_GivenAWellSetUpAccount_PassesEveryCheck()
    {
        var results = PostureChecks.Evaluate(Snapshot(), Context);
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Id} {r.Region}: {r.Message}"));
        Assert.Equal(PostureChecks.All.Select(c => c.Metadata.Id).Order(StringComparer.Ordinal), results.Select(r => r.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false, true, true, "single-region")]
    [InlineData(true, false, true, "not logging")]
    [InlineData(true, true, false, "excludes management events")]
    public void CloudTrailMultiRegion_GivenAFlawedTrail_FailsNamingTheFlaw(bool multiRegion, bool logging, bool management, string flaw)
    {
        var trail = GoodTrail with { IsMultiRegion = multiRegion, IsLogging = logging, IncludesManagementEvents = management };
        var result = Assert.Single(Run("cloudtrail-multi-region-logging", Snapshot(r => r with { Trails = [trail] })));
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(flaw, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudTrailTrailChecks_GivenNoValidationNorKms_FailPerTrail()
    {
        var trail = GoodTrail with { LogFileValidationEnabled = false, KmsKeyId = null };
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run("cloudtrail-log-file-validation", Snapshot(r => r with { Trails = [trail] }))).Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run("cloudtrail-kms-encryption", Snapshot(r => r with { Trails = [trail] }))).Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run("cloudtrail-kms-encryption", Snapshot(r => r with { Trails = [] }))).Status);
    }

    [Fact]
    public void GuardDuty_GivenASuspendedDetectorInOneRegion_FailsThatRegionOnly()
    {
        var results = Run("guardduty-enabled", Snapshot(r => r.Region == "us-east-1" ? r with { GuardDutyDetectors = [new GuardDutyDetector("d1", "DISABLED")] } : r));
        Assert.Equal([("eu-west-1", CheckStatus.Pass), ("us-east-1", CheckStatus.Fail)], results.Select(r => (r.Region!, r.Status)));
        Assert.Contains("suspended", results[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GuardDuty_GivenAccessDenied_IsAnErrorNamingThePermissionNotAFail()
    {
        var denied = new CollectionError("guardduty", "ListDetectors", "guardduty:ListDetectors", true, "User is not authorized to perform: guardduty:ListDetectors");
        var results = Run("guardduty-enabled", Snapshot(r => r with { GuardDutyDetectors = [], Errors = [denied] }));
        Assert.All(results, r =>
        {
            Assert.Equal(CheckStatus.Error, r.Status);
            Assert.Contains("missing permission guardduty:ListDetectors", r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void SecurityHub_GivenNoHubOrNoReadyStandard_Fails()
    {
        Assert.All(Run("securityhub-enabled", Snapshot(r => r with { SecurityHub = null })), r => Assert.Equal(CheckStatus.Fail, r.Status));
        var incomplete = Run("securityhub-enabled", Snapshot(r => r with { SecurityHub = new SecurityHubStatus("hub", [new StandardSubscription("arn:x:standards/cis", "INCOMPLETE")]) }));
        Assert.All(incomplete, r => Assert.Contains("no standard", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Inspector_FailsOnlyWhereUnscannedResourcesExist()
    {
        var results = Run("inspector-enabled", Snapshot(r => r.Region == "eu-west-1"
            ? r with { Inspector = new InspectorStatus("ENABLED", "DISABLED", "DISABLED"), Resources = new ResourceCounts(Ec2Instances: 2, EcrRepositories: 0, LambdaFunctions: 4) }
            : r with { Inspector = new InspectorStatus("DISABLED", "DISABLED", "DISABLED"), Resources = new ResourceCounts() }));
        Assert.Equal(CheckStatus.Fail, results[0].Status);
        Assert.Contains("Lambda: 4", results[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ECR", results[0].Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, results[1].Status);
    }

    [Fact]
    public void Config_GivenAStoppedRecorder_Fails()
    {
        var results = Run("config-recording", Snapshot(r => r with { ConfigRecorders = [new ConfigRecorder("default", false, true, "FAILURE")] }));
        Assert.All(results, r => Assert.Contains("not recording", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void FlowLogs_CheckEveryVpcInUseAndIgnoreUnusedOnes()
    {
        var results = Run("vpc-flow-logs", Snapshot(r => r with { Vpcs = [.. r.Vpcs, new VpcInfo("vpc-2", false, true)] }));
        Assert.Equal([("vpc-1", CheckStatus.Pass), ("vpc-2", CheckStatus.Fail)], results.Take(2).Select(r => (r.Resource!, r.Status)));
        Assert.DoesNotContain(results, r => r.Resource == "vpc-unused");
    }

    [Fact]
    public void Root_ChecksMfaKeysAndRecentUse()
    {
        var root = new RootCredentials { MfaActive = false, AccessKey1Active = true, AccessKey2LastUsed = Context.Now.AddDays(-3) };
        var snapshot = Snapshot(root: root);
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run("root-mfa", snapshot)).Status);
        Assert.Contains("1 active access key", Assert.Single(Run("root-no-access-keys", snapshot)).Message, StringComparison.Ordinal);
        Assert.Contains("3 day(s) ago", Assert.Single(Run("root-not-used-recently", snapshot)).Message, StringComparison.Ordinal);
        var denied = Snapshot(accountErrors: [new CollectionError("iam", "GetCredentialReport", "iam:GetCredentialReport", true, "denied")]);
        Assert.Equal(CheckStatus.Error, Assert.Single(Run("root-mfa", denied)).Status);
    }

    [Fact]
    public void Mutes_TurnMatchingFailuresIntoMutedWithTheReason()
    {
        var mutes = MuteList.Parse("# accepted risks\nguardduty-enabled 123456789012 us-* # not used region\nvpc-flow-logs * * vpc-2\n");
        var snapshot = Snapshot(r => r with { GuardDutyDetectors = [], Vpcs = [.. r.Vpcs, new VpcInfo("vpc-2", false, true)] });
        var results = PostureChecks.Evaluate(snapshot, Context, mutes);
        var gd = results.Where(r => r.Id == "guardduty-enabled").ToList();
        Assert.Equal([CheckStatus.Fail, CheckStatus.Muted], gd.Select(r => r.Status));
        Assert.Contains("not used region", gd[1].Message, StringComparison.Ordinal);
        Assert.All(results.Where(r => r.Resource == "vpc-2"), r => Assert.Equal(CheckStatus.Muted, r.Status));
    }
}
