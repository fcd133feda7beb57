using System.Text.Encodings.Web;
using System.Text.Json;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Findings;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>Attacker-controlled finding text in Slack and SNS notifications; expected text from Slack's escaping rule and SNS's subject rule.</summary>
public sealed class NotificationEscapingTests
{
    private static NotificationContent Hostile() => new(
        "plan-1",
        [new Finding
        {
            Id = "f1",
            Source = FindingSource.GuardDuty,
            Type = FindingType.Parse("Recon:EC2/<!channel>"),
            Severity = 8,
            AccountId = "123456789012",
            Region = "eu-west-1",
            Title = "<http://evil|bank.com> & <!here>",
        }],
        ["f1"],
        ["203.0.113.9"],
        [("isolate", "a1", "failed", "<@U123> said no")],
        ["notice <!everyone>"]);

    [Fact]
    public void SlackPayload_GivenMentionsAndDisguisedLinks_EscapesThemInEveryMrkdwnField()
    {
        // Relaxed escaping shows the payload as Slack decodes it, with & < > not turned into \u0026 and the like.
        var json = SlackNotifier.Payload(Hostile()).ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.Contains("*Recon:EC2/&lt;!channel&gt;* severity 8 `123456789012` eu-west-1\\n&lt;http://evil|bank.com&gt; &amp; &lt;!here&gt;", json, StringComparison.Ordinal);
        Assert.Contains("*isolate* (failed)\\n&lt;@U123&gt; said no", json, StringComparison.Ordinal);
        Assert.Contains(":warning: notice &lt;!everyone&gt;", json, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Cloud Sniper: Recon:EC2/&lt;!channel&gt; (severity 8)", json, StringComparison.Ordinal);

        // The header is a plain_text object, which Slack never parses for mentions or links: it stays as written.
        var header = json.IndexOf("{\"type\":\"header\"", StringComparison.Ordinal);
        var afterHeader = json.IndexOf("}}", header, StringComparison.Ordinal) + 2;
        Assert.Contains("\"plain_text\",\"text\":\"Cloud Sniper: Recon:EC2/<!channel> (severity 8)", json[header..afterHeader], StringComparison.Ordinal);
        Assert.DoesNotContain("<!", json[afterHeader..], StringComparison.Ordinal);
        Assert.DoesNotContain("<http", json[afterHeader..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Title\nX-Forged: yes", "Title X-Forged: yes")]
    [InlineData("a\r\n\tb", "a   b")]
    public void SnsSubject_GivenLineBreaksAndControlCharacters_ReplacesThemWithSpaces(string title, string expected) =>
        Assert.Equal(expected, SnsNotifier.Subject(title));

    [Fact]
    public void SnsSubject_GivenLongTitle_KeepsItUnderOneHundredCharacters() =>
        Assert.Equal(99, SnsNotifier.Subject(new string('x', 150)).Length);
}
