using Amazon.Runtime;
using CloudSniper.Aws.Iam;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.Iam;

/// <summary>Review and retirement against the AWS API emulator, reached only through <c>AWS_ENDPOINT_URL</c>: dry run, enforce after the grace period, undo.</summary>
public sealed class IamRetirementMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private const string Version = "2010-05-08";

    [Fact]
    public async Task ReviewAndRetire_GivenUnusedCredentials_DryRunChangesNothingEnforceRetiresAfterTheGracePeriodAndUndoRestores()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString() };
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret");
        var iam = new SignedAwsClient(AwsServiceDescription.Iam, "us-east-1", credentials, new SignedClientOptions { Environment = n => env.GetValueOrDefault(n) });
        var carolKey = await CreateUserAsync(iam, "carol", password: true, ("owner", "carol@example.com"));
        var breakGlassKey = await CreateUserAsync(iam, "break-glass-1", password: false);
        var daveKey = await CreateUserAsync(iam, "dave", password: false, ("sniper:exempt", "true"));

        var store = new InMemoryResponseStore();
        var clock = new InMemoryRetirementClockStore();
        using var response = AwsResponse.Create(new ResponseOptions(), [], store,
            new AwsClientOptions { Credentials = credentials, Environment = n => env.GetValueOrDefault(n), DefaultRegion = "us-east-1", MaxAttempts = 2 },
            withOwnAddresses: false);
        var service = new IamReviewService(response.Clients, response.Runner, clock);
        var playbook = DefaultIamRetirementPlaybook.Load();

        // The keys and the password were created just now and never used: 60 days on, every one is unused (45-day threshold).
        var day60 = DateTimeOffset.UtcNow.AddDays(60);
        var dry = await service.ReviewAndRetireAsync([], new IamReviewOptions(), playbook, ResponseMode.Plan, now: day60, cancellationToken: ct);

        Assert.Empty(dry.Failed);
        Assert.Contains(dry.Findings, f => f.Check == "key-unused" && f.User == "carol" && f.KeyId == carolKey);
        Assert.Contains(dry.Findings, f => f.Check == "password-unused" && f.User == "carol");
        var plan = dry.Retirement!.Plan;
        var notice = Assert.Single(plan.Actions);
        Assert.Equal("carol@example.com", notice.Get("recipient"));
        Assert.Contains(plan.Skipped, s => s.Guard == "exempt" && s.Subject == "break-glass-1");
        Assert.Contains(plan.Skipped, s => s.Guard == "exempt" && s.Subject == "dave" && s.Reason.Contains("sniper:exempt=true", StringComparison.Ordinal));
        Assert.Equal("Active", await KeyStatusAsync(iam, "carol", carolKey));
        Assert.True(await HasLoginProfileAsync(iam, "carol"));
        Assert.Empty(await clock.ListNoticesAsync(ct));

        var first = await service.ReviewAndRetireAsync([], new IamReviewOptions(), playbook, ResponseMode.Enforce, now: day60, cancellationToken: ct);
        Assert.All(first.Retirement!.Plan.Actions, a => Assert.Equal(NotifyCredentialOwner.ActionKey, a.ActionKey));
        Assert.Equal("Active", await KeyStatusAsync(iam, "carol", carolKey));
        Assert.NotEmpty(await clock.ListNoticesAsync(ct));

        var day67 = day60.AddDays(7);
        var second = await service.ReviewAndRetireAsync([], new IamReviewOptions(), playbook, ResponseMode.Enforce, now: day67, cancellationToken: ct);
        var retireKey = second.Retirement!.Plan.Actions.Single(a => a.ActionKey == RetireAccessKey.ActionKey);
        var retirePassword = second.Retirement.Plan.Actions.Single(a => a.ActionKey == RetireLoginProfile.ActionKey);
        Assert.Equal(ActionStatus.Executed, retireKey.Status);
        Assert.Equal(ActionStatus.Executed, retirePassword.Status);
        Assert.Equal("Inactive", await KeyStatusAsync(iam, "carol", carolKey));
        Assert.False(await HasLoginProfileAsync(iam, "carol"));
        Assert.Equal("Active", await KeyStatusAsync(iam, "break-glass-1", breakGlassKey));
        Assert.Equal("Active", await KeyStatusAsync(iam, "dave", daveKey));
        var record = await store.GetActionRecordAsync(retirePassword.Id, ct);
        Assert.Contains("\"loginProfile\":true", record!.Before, StringComparison.Ordinal);

        var keyUndo = await response.Runner.UndoAsync(retireKey.Id, ct);
        var passwordUndo = await response.Runner.UndoAsync(retirePassword.Id, ct);

        Assert.Equal(ActionStatus.Executed, keyUndo.Status);
        Assert.Equal("Active", await KeyStatusAsync(iam, "carol", carolKey));
        Assert.Equal(ActionStatus.Executed, passwordUndo.Status);
        Assert.True(await HasLoginProfileAsync(iam, "carol"));
        Assert.Equal(32, passwordUndo.Secret!.Length);
        var audit = await store.ListAuditAsync(new Core.KnowledgeBase.AuditQuery(), ct);
        Assert.DoesNotContain(audit, e => e.Details.Contains(passwordUndo.Secret, StringComparison.Ordinal));
    }

    private static async Task<string> CreateUserAsync(SignedAwsClient iam, string user, bool password, params (string Key, string Value)[] tags)
    {
        var ct = TestContext.Current.CancellationToken;
        var parameters = new List<KeyValuePair<string, string>> { new("UserName", user) };
        for (var i = 0; i < tags.Length; i++)
        {
            parameters.Add(new($"Tags.member.{i + 1}.Key", tags[i].Key));
            parameters.Add(new($"Tags.member.{i + 1}.Value", tags[i].Value));
        }

        await iam.QueryAsync("CreateUser", Version, parameters, ct);
        var key = await iam.QueryAsync("CreateAccessKey", Version, [new("UserName", user)], ct);
        if (password)
        {
            await iam.QueryAsync("CreateLoginProfile", Version, [new("UserName", user), new("Password", "Initial-Passw0rd!")], ct);
        }

        return key.Descendants().First(e => e.Name.LocalName == "AccessKeyId").Value;
    }

    private static async Task<string> KeyStatusAsync(SignedAwsClient iam, string user, string keyId)
    {
        var keys = await new IamClient(iam).ListAccessKeysAsync(user, TestContext.Current.CancellationToken);
        return keys.Single(k => k.AccessKeyId == keyId).Status;
    }

    private static async Task<bool> HasLoginProfileAsync(SignedAwsClient iam, string user)
    {
        try
        {
            await new IamClient(iam).GetLoginProfileAsync(user, TestContext.Current.CancellationToken);
            return true;
        }
        catch (AwsNotFoundException)
        {
            return false;
        }
    }
}
