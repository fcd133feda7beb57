using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Tests.Response;

/// <summary>Secrets reach an action only by the name of an environment variable, and printers never show them.</summary>
public sealed partial class SecretParametersTests
{
    private static readonly PlaybookLoader Loader = new(ActionRegistry.Default);

    /// <summary>Names that contain a secret-looking word but hold no credential: tag keys and identifiers.</summary>
    private static readonly HashSet<string> NotSecret = ["owner-key", "principal-key", "access-key-id"];

    public static TheoryData<string, string> AllParameters =>
        [.. ActionRegistry.Default.All.SelectMany(a => a.Parameters.Select(p => (a.Key, p.Name)))];

    [Theory]
    [MemberData(nameof(AllParameters))]
    public void EveryParameterWhoseNameLooksSecret_IsDeclaredSecret(string action, string parameter)
    {
        var declared = ActionRegistry.Default.Find(action)!.Parameters.Single(p => p.Name == parameter);
        if (SecretLooking().IsMatch(parameter) && !NotSecret.Contains(parameter))
        {
            Assert.True(declared.Secret, $"{action}.{parameter} looks secret but is not declared Secret");
        }
    }

    [Fact]
    public void ConventionPattern_FlagsSecretNamesButNotIdentifiers()
    {
        Assert.Matches(SecretLooking(), "secret-env");
        Assert.Matches(SecretLooking(), "api-token");
        Assert.Matches(SecretLooking(), "password");
        Assert.Matches(SecretLooking(), "signing-key");
        Assert.DoesNotMatch(SecretLooking(), "key-id");
        Assert.DoesNotMatch(SecretLooking(), "keys");
        Assert.DoesNotMatch(SecretLooking(), "url");
    }

    [Fact]
    public void Playbook_GivenLiteralWebhookSecret_IsRejectedNamingTheFileAndTheFix()
    {
        var result = Loader.Load("name: p\nrules:\n  - name: r\n    do:\n      - notify-webhook: { url: \"https://soar.example.com/hook\", secret: hunter2 }\n", "hooks.yaml");

        Assert.Null(result.Playbook);
        var error = Assert.Single(result.Errors);
        Assert.Equal("hooks.yaml", error.Source);
        Assert.Equal(5, error.Line);
        Assert.Contains("'secret' must not hold the secret itself", error.Message, StringComparison.Ordinal);
        Assert.Contains("secret-env: SNIPER_WEBHOOK_SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("${SNIPER_WEBHOOK_SECRET}")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    public void Playbook_GivenSecretEnvThatIsNotAnAllowedVariableName_IsRejected(string value)
    {
        var result = Loader.Load($"name: p\nrules:\n  - name: r\n    do:\n      - notify-webhook: {{ url: \"https://soar.example.com/hook\", secret-env: \"{value}\" }}\n", "hooks.yaml");

        Assert.Null(result.Playbook);
        Assert.Contains("'secret-env'", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Playbook_GivenAwsVariableInUrl_IsRejectedWithTheVariableNamed()
    {
        var result = Loader.Load("name: p\nrules:\n  - name: r\n    do:\n      - notify-slack: { url: \"https://hooks.example.com/${AWS_SECRET_ACCESS_KEY}\" }\n", "slack.yaml");

        Assert.Null(result.Playbook);
        Assert.Contains("may not expand ${AWS_SECRET_ACCESS_KEY}", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Playbook_GivenSecretByName_StoresOnlyTheName()
    {
        var result = Loader.Load("name: p\nrules:\n  - name: r\n    do:\n      - notify-webhook: { url: \"https://soar.example.com/hook\", secret-env: SNIPER_WEBHOOK_SECRET }\n", "hooks.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal("SNIPER_WEBHOOK_SECRET", result.Playbook!.Rules[0].Do[0].Parameters[NotifyWebhook.SecretEnvParameter]);
    }

    [Fact]
    public void RedactedPlan_SerializedAsJson_ShowsStarsForTheSecretAndKeepsTheRest()
    {
        var plan = new ResponsePlan
        {
            Id = "plan-1",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Mode = ResponseMode.Plan,
            Actions =
            [
                new PlannedAction
                {
                    Id = "a1",
                    ActionKey = NotifyWebhook.ActionKey,
                    Phase = NistPhase.PostIncident,
                    TargetKey = "notify-webhook|https://soar.example.com/hook",
                    Parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["url"] = "https://soar.example.com/hook", ["secret-env"] = "SNIPER_WEBHOOK_SECRET" }),
                },
            ],
        };

        var json = JsonSerializer.Serialize(ActionRegistry.Default.Redact(plan));

        Assert.Contains("\"secret-env\":\"***\"", json, StringComparison.Ordinal);
        Assert.Contains("https://soar.example.com/hook", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SNIPER_WEBHOOK_SECRET", json, StringComparison.Ordinal);
        Assert.Equal("SNIPER_WEBHOOK_SECRET", plan.Actions[0].Get("secret-env"));
    }

    [Fact]
    public void Schema_DescribesSecretEnvAsAVariableName()
    {
        var webhook = PlaybookSchema.Build(ActionRegistry.Default).ToJsonString();
        var at = webhook.IndexOf("\"secret-env\":{", StringComparison.Ordinal);

        Assert.True(at >= 0);
        var property = webhook[at..webhook.IndexOf('}', at)];
        Assert.Contains("\"pattern\":\"^[A-Z_][A-Z0-9_]*$\"", property, StringComparison.Ordinal);
        Assert.Contains("printed as ***", property, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SNIPER_SLACK_WEBHOOK_URL", true)]
    [InlineData("SNIPER_SOAR_HOST", true)]
    [InlineData("SNIPER_WEBHOOK_SECRET", false)]
    [InlineData("SNIPER_API_KEY", false)]
    [InlineData("SNIPER_SLACK_TOKEN", false)]
    [InlineData("SNIPER_DB_PASSWORD", false)]
    [InlineData("AWS_SECRET_ACCESS_KEY", false)]
    [InlineData("AWS_REGION", false)]
    [InlineData("HOME", false)]
    public void DefaultUrlPolicy_AllowsOnlySniperVariablesWithoutSecretWords(string name, bool allowed) =>
        Assert.Equal(allowed, UrlVariablePolicy.Default.Allows(name));

    [Fact]
    public void ConfiguredUrlPolicy_AllowsOnlyTheListedNames_AndNeverAws()
    {
        var policy = new UrlVariablePolicy(["SLACK_URL", "AWS_REGION"]);

        Assert.True(policy.Allows("SLACK_URL"));
        Assert.False(policy.Allows("SNIPER_SOAR_HOST"));
        Assert.False(policy.Allows("AWS_REGION"));
    }

    [Fact]
    public void Expand_GivenAwsSecretInUrl_RefusesWithAClearError()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => UrlVariablePolicy.Default.Expand("https://x.example/${AWS_SECRET_ACCESS_KEY}", _ => "wJalrXUtnFEMI"));

        Assert.StartsWith("${AWS_SECRET_ACCESS_KEY} may not be expanded in a URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_GivenAllowedVariable_ReplacesIt() =>
        Assert.Equal("https://hooks.example/T1/B2", UrlVariablePolicy.Default.Expand("https://hooks.example/${SNIPER_SLACK_PATH}", n => n == "SNIPER_SLACK_PATH" ? "T1/B2" : null));

    // A word of a kebab-case name, or its start; "key" followed by "-id" names an identifier, not a credential.
    [GeneratedRegex(@"(^|-)((secret|token|password|passphrase|credential)s?|key(?!-id))(-|$)")]
    private static partial Regex SecretLooking();
}
