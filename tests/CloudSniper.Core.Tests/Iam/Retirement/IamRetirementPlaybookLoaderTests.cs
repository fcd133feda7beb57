using System.Text.Json;
using CloudSniper.Core.Iam.Retirement;

namespace CloudSniper.Core.Tests.Iam.Retirement;

/// <summary>The retirement playbook's reading and validation, and its schema.</summary>
public sealed class IamRetirementPlaybookLoaderTests
{
    [Fact]
    public void Load_GivenTheBuiltInPlaybook_RetiresUnusedKeysAndPasswordsAfterSevenDaysAndNotifiesTheRest()
    {
        var playbook = DefaultIamRetirementPlaybook.Load();

        Assert.Equal(TimeSpan.FromDays(7), playbook.GracePeriod);
        Assert.Equal(10, playbook.MaxRetirementsPerRun);
        Assert.Equal(RetirementDecision.Retire, playbook.DecisionFor("key-unused"));
        Assert.Equal(RetirementDecision.Retire, playbook.DecisionFor("password-unused"));
        Assert.Equal(RetirementDecision.Notify, playbook.DecisionFor("key-not-rotated"));
        Assert.Equal(RetirementDecision.Notify, playbook.DecisionFor("admin-policy-attached"));
        Assert.Equal("true", playbook.ExemptTags["sniper:exempt"]);
        Assert.Contains("break-glass-*", playbook.ExemptPatterns);
    }

    [Fact]
    public void Load_GivenAFullPlaybook_ReadsEverySetting()
    {
        const string yaml = """
            name: strict
            grace-period: 36h
            max-retirements-per-run: 3
            owner-tag: team
            team-channel: "#secops"
            notify: { channel: slack, url: "${SNIPER_SLACK_WEBHOOK_URL}" }
            exempt:
              users: [ci]
              patterns: emergency-*
              tags: { keep: "*" }
            checks:
              key-unused: retire
              multiple-active-keys: ignore
            """;

        var result = IamRetirementPlaybookLoader.Load(yaml, "strict.yaml");

        Assert.Empty(result.Errors);
        var p = result.Playbook!;
        Assert.Equal(TimeSpan.FromHours(36), p.GracePeriod);
        Assert.Equal(3, p.MaxRetirementsPerRun);
        Assert.Equal("team", p.OwnerTag);
        Assert.Equal("#secops", p.TeamChannel);
        Assert.Equal(RetirementChannel.Slack, p.Channel);
        Assert.Equal("${SNIPER_SLACK_WEBHOOK_URL}", p.ChannelParameters["url"]);
        Assert.Equal(["ci"], p.ExemptUsers);
        Assert.Equal(["emergency-*"], p.ExemptPatterns);
        Assert.Equal("*", p.ExemptTags["keep"]);
        Assert.Equal("true", p.ExemptTags["sniper:exempt"]);
        Assert.Equal(RetirementDecision.Ignore, p.DecisionFor("multiple-active-keys"));
        Assert.Equal(RetirementDecision.Notify, p.DecisionFor("password-unused"));
    }

    [Theory]
    [InlineData("root-access-key: retire", 3, "root credentials are never retired")]
    [InlineData("key-not-rotated: retire", 3, "cannot be retired")]
    [InlineData("admin-policy-attached: retire", 3, "cannot be retired")]
    [InlineData("key-unused: delete", 3, "expected notify, retire or ignore")]
    [InlineData("key-unused: 1", 3, "expected notify, retire or ignore")]
    [InlineData("no-such-check: notify", 3, "unknown check 'no-such-check'")]
    public void Load_GivenABadCheck_ReportsItsLine(string line, int lineNumber, string message)
    {
        var result = IamRetirementPlaybookLoader.Load($"name: x\nchecks:\n  {line}\n", "p.yaml");

        Assert.Null(result.Playbook);
        var error = Assert.Single(result.Errors);
        Assert.Equal(lineNumber, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grace-period: 7 days", "grace-period")]
    [InlineData("max-retirements-per-run: -1", "max-retirements-per-run")]
    [InlineData("notify: { channel: sns }", "needs 'topic-arn'")]
    [InlineData("notify: { channel: email }", "none, slack or sns")]
    [InlineData("exempt: { groups: [a] }", "unknown key 'exempt.groups'")]
    [InlineData("colour: red", "unknown key 'colour'")]
    public void Load_GivenABadSetting_SaysWhatIsWrong(string line, string message)
    {
        var result = IamRetirementPlaybookLoader.Load($"name: x\n{line}\n", "p.yaml");

        Assert.Null(result.Playbook);
        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal) && e.Line == 2);
    }

    [Fact]
    public void Schema_OffersRetireOnlyForTheRetirableChecks()
    {
        using var schema = JsonDocument.Parse(IamRetirementPlaybookSchema.Generate());
        var checks = schema.RootElement.GetProperty("properties").GetProperty("checks").GetProperty("properties");

        Assert.Contains("retire", checks.GetProperty("key-unused").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("retire", checks.GetProperty("root-access-key").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("retire", checks.GetProperty("key-not-rotated").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            IamRetirementPlaybookLoader.RootKeys.Order(),
            schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }
}
