using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Tests.Response;

public class PlaybookLoaderTests
{
    private static readonly PlaybookLoader Loader = new(ActionRegistry.Default);

    [Fact]
    public void DefaultPlaybook_Loads_AndCoversTheGuardDutyFamilies()
    {
        var playbook = DefaultPlaybook.Load(ActionRegistry.Default);
        var names = playbook.Rules.Select(r => r.Name).ToList();
        Assert.Contains("inbound-brute-force-and-probes", names);
        Assert.Contains("command-and-control-or-malicious-outbound", names);
        Assert.Contains("leaked-instance-credentials", names);
        Assert.Contains("crypto-mining", names);
        Assert.All(playbook.Rules, r => Assert.True(r.Line > 0));
    }

    [Fact]
    public void Load_GivenActionsWithParametersAndPhase_ReadsThem()
    {
        const string yaml = """
            name: custom
            rules:
              - name: probes
                when:
                  type: [ "Recon:EC2/PortProbe*" ]
                  severity: medium
                  source: guardduty
                  account: "123456789012"
                  region: [eu-west-1, us-east-1]
                  tags: { env: prod }
                do:
                  - waf-block: { direction: inbound, scopes: [regional, cloudfront], ttl: 2h }
                  - tag: { phase: recovery, extra: ["Team=secops"] }
                  - snapshot
                stop: true
            """;
        var result = Loader.Load(yaml, "custom.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var rule = Assert.Single(result.Playbook!.Rules);
        Assert.Equal(4, rule.When.MinSeverity);
        Assert.Equal(["eu-west-1", "us-east-1"], rule.When.Regions);
        Assert.Equal("prod", rule.When.Tags["env"]);
        Assert.True(rule.Stop);
        Assert.Equal("regional,cloudfront", rule.Do[0].Get("scopes"));
        Assert.Equal(TimeSpan.FromHours(2), rule.Do[0].GetDuration("ttl", TimeSpan.Zero));
        Assert.Equal(NistPhase.Containment, rule.Do[0].Phase);
        Assert.Equal(NistPhase.Recovery, rule.Do[1].Phase);
        Assert.Equal(NistPhase.DetectionAndAnalysis, rule.Do[2].Phase);
        Assert.Equal(12, rule.Do[0].Line);
    }

    [Fact]
    public void Load_GivenSeveralMistakes_ReportsEachWithItsLine()
    {
        const string yaml = """
            name: broken
            rules:
              - name: one
                when:
                  type: "Recon:*"
                  colour: red
                  severity: 11
                  account: "12345"
                do:
                  - waf-blok
                  - nacl-block: { direction: sideways }
                  - tag: { size: 3 }
                  - notify-slack
                  - waf-block: { ttl: forever }
              - name: one
                do: []
            """;
        var result = Loader.Load(yaml, "broken.yaml");
        Assert.False(result.IsValid);
        Assert.Null(result.Playbook);
        var byLine = result.Errors.ToDictionary(e => e.Line, e => e.Message);
        Assert.Contains("unknown key 'colour'", byLine[6], StringComparison.Ordinal);
        Assert.Contains("minimum severity", byLine[7], StringComparison.Ordinal);
        Assert.Contains("12-digit", byLine[8], StringComparison.Ordinal);
        Assert.Contains("unknown action 'waf-blok'", byLine[10], StringComparison.Ordinal);
        Assert.Contains("'direction' must be one of inbound, outbound, any", byLine[11], StringComparison.Ordinal);
        Assert.Contains("has no parameter 'size'", byLine[12], StringComparison.Ordinal);
        Assert.Contains("needs parameter 'url'", byLine[13], StringComparison.Ordinal);
        Assert.Contains("'ttl' must be a duration", byLine[14], StringComparison.Ordinal);
        Assert.Contains("non-empty list", byLine[16], StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.Equal("broken.yaml", e.Source));
    }

    [Fact]
    public void Load_GivenYamlSyntaxError_ReportsItsLine()
    {
        var result = Loader.Load("name: x\nrules:\n  - name: [unclosed\n", "bad.yaml");
        var error = Assert.Single(result.Errors);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void Load_GivenNoRules_SaysSo()
    {
        var result = Loader.Load("name: empty\n", "empty.yaml");
        Assert.Contains(result.Errors, e => e.Message.Contains("no 'rules'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("high", 7)]
    [InlineData("critical", 9)]
    [InlineData("5.5", 5.5)]
    public void TryParseSeverity_GivenBandOrNumber_ReturnsMinimum(string text, double expected)
    {
        Assert.True(PlaybookLoader.TryParseSeverity(text, out var s));
        Assert.Equal(expected, s);
    }
}
