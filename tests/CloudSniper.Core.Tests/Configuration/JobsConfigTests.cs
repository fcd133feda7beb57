using CloudSniper.Core.Configuration;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Core.Tests.Configuration;

/// <summary>The jobs: section: per-job schedule and on/off over the registry's defaults, environment overrides, errors with their place.</summary>
public sealed class JobsConfigTests
{
    private static readonly KeyValuePair<string, string>[] NoEnvironment = [];

    [Fact]
    public void Resolve_WithoutAJobsSection_GivesTheRegisteredDefaults()
    {
        var (jobs, problems) = new JobsConfig().Resolve(JobRegistry.Default);

        Assert.Empty(problems);
        Assert.Equal(["block-expiry", "runbook", "beacons", "ip-ranges", "kb-ttl", "iam-review", "dns"], jobs.Select(j => j.Name));
        Assert.Equal(["every 15m", "0 6 * * *", "every 1h", "every 24h", "every 24h", "0 7 * * *", "every 1h"], jobs.Select(j => j.Schedule.Text));
        Assert.Equal([true, false, false, true, true, false, false], jobs.Select(j => j.Enabled));
    }

    [Fact]
    public void Load_GivenJobSections_BindsScheduleEnabledAndJobSettings()
    {
        var yaml = """
            jobs:
              blockExpiry:
                schedule: every 10s
              runbook:
                enabled: true
                schedule: "30 5 * * *"
                out: s3://reports-bucket/runbook/
                slack: https://hooks.slack.com/services/T000/B000/XXXX
              beacons:
                prefix: s3://flow-logs/AWSLogs/
                enabled: true
              kbTtl:
                enabled: false
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var (jobs, _) = result.Config.Jobs.Resolve(JobRegistry.Default);
        var byName = jobs.ToDictionary(j => j.Name);
        Assert.Equal(TimeSpan.FromSeconds(10), byName["block-expiry"].Schedule.Interval);
        Assert.Equal(("30 5 * * *", true), (byName["runbook"].Schedule.Text, byName["runbook"].Enabled));
        Assert.False(byName["kb-ttl"].Enabled);
        Assert.Equal("s3://reports-bucket/runbook/", result.Config.Jobs.Runbook.Out);
        Assert.Equal("s3://flow-logs/AWSLogs/", result.Config.Jobs.Beacons.Prefix);
    }

    [Fact]
    public void Load_GivenEnvironmentOverrides_SetsAJobsScheduleAndSwitch()
    {
        var result = ConfigLoader.Load(null, "none",
        [
            new("SNIPER_JOBS__BLOCK_EXPIRY__SCHEDULE", "every 30s"),
            new("SNIPER_JOBS__IP_RANGES__ENABLED", "false"),
        ]);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("every 30s", result.Config.Jobs.BlockExpiry.Schedule);
        Assert.False(result.Config.Jobs.IpRanges.Enabled);
    }

    [Fact]
    public void Load_GivenABadScheduleOrUnknownKey_ReportsEachWithItsPlace()
    {
        var yaml = """
            jobs:
              runbook:
                schedule: every day
              beacons:
                enabled: true
              kbTtl:
                schedul: 1h
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.Contains(result.Errors, e => e.Path == "$.jobs.runbook.schedule" && e.Where == "sniper.yaml:3:15" && e.Reason.Contains("not a schedule", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.jobs.beacons.prefix" && e.Reason.Contains("no flow-log prefix", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.jobs.kbTtl.schedul" && e.Where == "sniper.yaml:7:5");
    }

    [Theory]
    [InlineData("block-expiry", "blockExpiry")]
    [InlineData("kb-ttl", "kbTtl")]
    [InlineData("runbook", "runbook")]
    public void Key_IsTheJobNameInCamelCase(string name, string key) => Assert.Equal(key, JobsConfig.Key(name));
}
