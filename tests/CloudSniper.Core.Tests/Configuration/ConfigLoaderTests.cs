using CloudSniper.Core.Configuration;

namespace CloudSniper.Core.Tests.Configuration;

public class ConfigLoaderTests
{
    private static readonly KeyValuePair<string, string>[] NoEnvironment = [];

    [Fact]
    public void Load_GivenNoFile_ReturnsDefaultsInPlanMode()
    {
        var result = ConfigLoader.Load(null, "none", NoEnvironment);

        Assert.True(result.IsValid);
        Assert.Equal("plan", result.Config.Mode);
        Assert.Equal(5, result.Config.Sqs.MaxReceives);
    }

    [Fact]
    public void Load_GivenValidYaml_BindsNestedKeys()
    {
        var yaml = """
            store: sqlite:/tmp/kb.db
            mode: enforce
            allowList: [203.0.113.0/24, 2001:db8::/32]
            sqs:
              maxReceives: 3
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("enforce", result.Config.Mode);
        Assert.Equal(["203.0.113.0/24", "2001:db8::/32"], result.Config.AllowList);
        Assert.Equal(3, result.Config.Sqs.MaxReceives);
    }

    [Fact]
    public void Load_GivenUnknownKeys_ReportsEachWithItsLineAndStillChecksTheRest()
    {
        var yaml = """
            mode: destroy
            colour: red
            sqs:
              maxRecieves: 3
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Path == "$.mode" && e.Where == "sniper.yaml:1:7");
        Assert.Contains(result.Errors, e => e.Path == "$.colour" && e.Where == "sniper.yaml:2:1");
        Assert.Contains(result.Errors, e => e.Path == "$.sqs.maxRecieves" && e.Where == "sniper.yaml:4:3" && e.Reason.Contains("maxReceives", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_GivenWrongType_NamesTheKeyAndLine()
    {
        var result = ConfigLoader.Load("sqs:\n  maxReceives: lots\n", "c.yaml", NoEnvironment);

        var error = Assert.Single(result.Errors);
        Assert.Equal("c.yaml:2:16", error.Where);
        Assert.Contains("maxReceives", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GivenBadValues_ReportsEveryOne()
    {
        var yaml = "mode: destroy\nallowList: [not-a-cidr]\nsqs:\n  waitTimeSeconds: 30\n";

        var result = ConfigLoader.Load(yaml, "c.yaml", NoEnvironment);

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Path == "$.mode" && e.Where == "c.yaml:1:7");
        Assert.Contains(result.Errors, e => e.Path == "$.allowList[0]" && e.Where == "c.yaml:2:13");
        Assert.Contains(result.Errors, e => e.Path == "$.sqs.waitTimeSeconds");
    }

    [Fact]
    public void Load_GivenEnvironmentOverrides_TheyWinOverTheFile()
    {
        KeyValuePair<string, string>[] env =
        [
            new("SNIPER_MODE", "observe"),
            new("SNIPER_SQS__MAX_RECEIVES", "9"),
            new("SNIPER_ALLOW_LIST", "198.51.100.0/24, 192.0.2.1"),
            new("SNIPER_CONFIG", "/ignored.yaml"),
        ];

        var result = ConfigLoader.Load("mode: enforce\nsqs:\n  maxReceives: 2\n", "c.yaml", env);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("observe", result.Config.Mode);
        Assert.Equal(9, result.Config.Sqs.MaxReceives);
        Assert.Equal(["198.51.100.0/24", "192.0.2.1"], result.Config.AllowList);
    }

    [Fact]
    public void Load_GivenUnknownEnvironmentKey_NamesTheVariable()
    {
        var result = ConfigLoader.Load(null, "none", [new("SNIPER_SQS__COLOUR", "x")]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("SNIPER_SQS__COLOUR", error.Where);
    }

    [Fact]
    public void Load_GivenPlaybookVariables_LeavesThemForPlaybooksButReportsNearMisses()
    {
        var result = ConfigLoader.Load(null, "none", [new("SNIPER_WEBHOOK_SECRET", "s3cret"), new("SNIPER_SLACK_WEBHOOK_URL", "https://hooks.example.com/x"), new("SNIPER_MODEE", "observe")]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("SNIPER_MODEE", error.Where);
    }

    [Fact]
    public void Load_GivenBrokenYaml_ReportsTheSyntaxErrorPosition()
    {
        var result = ConfigLoader.Load("mode: [plan\n", "c.yaml", NoEnvironment);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("c.yaml:", error.Where, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Reason, StringComparison.Ordinal);
    }
}
