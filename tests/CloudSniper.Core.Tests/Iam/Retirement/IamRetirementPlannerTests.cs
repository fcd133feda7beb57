using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Tests.Iam.Retirement;

/// <summary>The retirement plan: grace-period edges with a fixed clock, root, exemptions and the blast-radius limit.</summary>
public sealed class IamRetirementPlannerTests
{
    private const string Account = "111122223333";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IamFinding KeyUnused(string user, int key = 1, int age = 60) =>
        new("key-unused", user, key, null, "medium", "1.12", $"access key {key} last used {age} day(s) ago", Now.AddDays(-age), age, Account)
        {
            KeyCreated = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };

    private static IamFinding PasswordUnused(string user) => new("password-unused", user, null, null, "medium", "1.12", "password last used 50 day(s) ago", Now.AddDays(-50), 50, Account);

    private static IamRetirementInput Input(IEnumerable<IamFinding> findings, Dictionary<string, DateTimeOffset>? notified = null, Dictionary<string, IReadOnlyDictionary<string, string>>? tags = null) =>
        new("plan-test", Now, ResponseMode.Plan)
        {
            Findings = [.. findings],
            Notified = notified ?? [],
            UserTags = tags ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
        };

    [Fact]
    public void Plan_GivenAnUnusedKeyNeverNotified_NotifiesTheTeamChannelAndRetiresNothing()
    {
        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input([KeyUnused("carol")]));

        var action = Assert.Single(plan.Actions);
        Assert.Equal(NotifyCredentialOwner.ActionKey, action.ActionKey);
        Assert.Equal("security team", action.Get("recipient"));
        Assert.Equal("team-channel", action.Get("recipient-source"));
        // 7 days from 2026-12-01 00:00Z.
        Assert.Contains("retired on or after 2026-12-08 00:00Z", action.Get("message"), StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Planned, action.Status);
    }

    [Fact]
    public void Plan_GivenAnOwnerTag_NotifiesTheOwner()
    {
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>> { [RetirementClock.UserKey(Account, "carol")] = new Dictionary<string, string> { ["owner"] = "carol@example.com" } };

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input([KeyUnused("carol")], tags: tags));

        Assert.Equal("carol@example.com", plan.Actions.Single().Get("recipient"));
        Assert.Equal("owner-tag", plan.Actions.Single().Get("recipient-source"));
    }

    [Theory]
    [InlineData(-1, false)] // notified 7 days minus 1 second ago: still in the grace period
    [InlineData(0, true)] // exactly 7 days: the edge counts
    [InlineData(3600, true)]
    public void Plan_GivenANoticeAtTheGraceEdge_RetiresOnlyOnceTheGracePeriodHasRun(int secondsPastGrace, bool retired)
    {
        var finding = KeyUnused("carol", key: 2);
        var notified = new Dictionary<string, DateTimeOffset> { [RetirementClock.Key(finding)] = Now.AddDays(-7).AddSeconds(-secondsPastGrace) };

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input([finding], notified));

        var retire = plan.Actions.Where(a => a.ActionKey == RetireAccessKey.ActionKey).ToList();
        Assert.Equal(retired, retire.Count == 1);
        if (retired)
        {
            Assert.Equal("carol", retire[0].Get("user"));
            Assert.Equal("2", retire[0].Get("slot"));
            Assert.Equal("2025-01-01T00:00:00Z", retire[0].Get("created"));
            Assert.Equal(ActionStatus.Planned, retire[0].Status);
        }
        else
        {
            var skip = Assert.Single(plan.Skipped);
            Assert.Equal("grace-period", skip.Guard);
            Assert.Empty(plan.Actions);
        }
    }

    [Fact]
    public void Plan_GivenAPasswordPastItsGracePeriod_RemovesTheLoginProfileAndSaysSoToTheOwner()
    {
        var finding = PasswordUnused("bob");
        var notified = new Dictionary<string, DateTimeOffset> { [RetirementClock.Key(finding)] = Now.AddDays(-8) };

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input([finding], notified));

        var retire = Assert.Single(plan.Actions, a => a.ActionKey == RetireLoginProfile.ActionKey);
        var notice = Assert.Single(plan.Actions, a => a.ActionKey == NotifyCredentialOwner.ActionKey);
        Assert.Contains($"sniper undo {retire.Id}", notice.Get("message"), StringComparison.Ordinal);
        Assert.Equal(0, plan.Actions.IndexOf(retire));
    }

    [Fact]
    public void Plan_GivenRotationAndAdminFindings_NotifiesOnlyAndNeverChangesThem()
    {
        var findings = new IamFinding[]
        {
            new("key-not-rotated", "carol", 1, null, "medium", "1.14", "rotated 200 days ago", null, 200, Account),
            new("admin-policy-attached", "ops", null, null, "high", "1.16", "group ops has AdministratorAccess attached", null, null, Account),
        };
        var notified = findings.ToDictionary(RetirementClock.Key, _ => Now.AddDays(-100));

        var first = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input(findings));
        var later = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input(findings, notified));

        Assert.All(first.Actions, a => Assert.Equal(NotifyCredentialOwner.ActionKey, a.ActionKey));
        Assert.Equal(2, first.Actions.Length);
        Assert.Empty(later.Actions);
        Assert.All(later.Skipped, s => Assert.Equal("notified", s.Guard));
    }

    [Fact]
    public void Plan_GivenRootEvenWhenAPlaybookAsksToRetireIt_NeverRetiresRoot()
    {
        var root = KeyUnused(IamRetirementGuards.RootUser);
        var playbook = new IamRetirementPlaybook { ExemptPatterns = [] };
        var notified = new Dictionary<string, DateTimeOffset> { [RetirementClock.Key(root)] = Now.AddDays(-30) };

        var plan = IamRetirementPlanner.Plan(playbook, Input([root], notified));

        Assert.DoesNotContain(plan.Actions, a => a.ActionKey is RetireAccessKey.ActionKey or RetireLoginProfile.ActionKey);
        Assert.Contains(plan.Skipped, s => s.Guard == "root");
    }

    [Theory]
    [InlineData("svc-deploy", null, "exemption list")]
    [InlineData("break-glass-admin", null, "break-glass-*")]
    [InlineData("Break-Glass-2", null, "break-glass-*")]
    [InlineData("dave", "true", "sniper:exempt=true")]
    [InlineData("dave", "TRUE", "sniper:exempt=TRUE")]
    public void Plan_GivenAnExemptUser_SkipsItWithTheReason(string user, string? exemptTag, string reason)
    {
        var playbook = new IamRetirementPlaybook { ExemptUsers = ["svc-deploy"] };
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        if (exemptTag is not null)
        {
            tags[RetirementClock.UserKey(Account, user)] = new Dictionary<string, string> { ["sniper:exempt"] = exemptTag };
        }

        var finding = KeyUnused(user);
        var plan = IamRetirementPlanner.Plan(playbook, Input([finding], new Dictionary<string, DateTimeOffset> { [RetirementClock.Key(finding)] = Now.AddDays(-30) }, tags));

        Assert.Empty(plan.Actions);
        var skip = Assert.Single(plan.Skipped);
        Assert.Equal("exempt", skip.Guard);
        Assert.Contains(reason, skip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_GivenAnExemptTagWithAnotherValue_DoesNotExempt()
    {
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>> { [RetirementClock.UserKey(Account, "dave")] = new Dictionary<string, string> { ["sniper:exempt"] = "false" } };

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input([KeyUnused("dave")], tags: tags));

        Assert.Single(plan.Actions);
        Assert.Empty(plan.Skipped);
    }

    [Theory]
    [InlineData(10, 10, 0)]
    [InlineData(11, 10, 1)]
    [InlineData(25, 10, 15)]
    public void Plan_GivenMoreRetirementsThanTheLimit_LeavesTheRestAwaitingApprovalStalestFirst(int count, int planned, int waiting)
    {
        var findings = Enumerable.Range(1, count).Select(i => KeyUnused($"user{i:00}", age: 45 + i)).ToList();
        var notified = findings.ToDictionary(RetirementClock.Key, _ => Now.AddDays(-10));

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), Input(findings, notified));

        var retire = plan.Actions.Where(a => a.ActionKey == RetireAccessKey.ActionKey).ToList();
        Assert.Equal(planned, retire.Count(a => a.Status == ActionStatus.Planned));
        Assert.Equal(waiting, retire.Count(a => a.Status == ActionStatus.AwaitingApproval));
        // The stalest keys (largest age: the highest user numbers) are retired first.
        Assert.Equal($"user{count:00}", retire.First(a => a.Status == ActionStatus.Planned).Get("user"));
        Assert.Equal(waiting > 0, plan.Notices.Any(n => n.Contains("wait for approval", StringComparison.Ordinal)));
    }

    [Fact]
    public void Plan_GivenRequireApproval_HoldsEveryRetirement()
    {
        var finding = KeyUnused("carol");
        var input = Input([finding], new Dictionary<string, DateTimeOffset> { [RetirementClock.Key(finding)] = Now.AddDays(-8) }) with { RequireApproval = [RetireAccessKey.ActionKey] };

        var plan = IamRetirementPlanner.Plan(new IamRetirementPlaybook(), input);

        Assert.Equal(ActionStatus.AwaitingApproval, plan.Actions.Single(a => a.ActionKey == RetireAccessKey.ActionKey).Status);
    }

    [Fact]
    public void Plan_GivenIgnoredChecks_LeavesThemOut()
    {
        var playbook = new IamRetirementPlaybook { Checks = System.Collections.Immutable.ImmutableDictionary<string, RetirementDecision>.Empty.Add("key-unused", RetirementDecision.Ignore) };

        var plan = IamRetirementPlanner.Plan(playbook, Input([KeyUnused("carol")]));

        Assert.Empty(plan.Actions);
        Assert.Equal(0, plan.MatchedCount);
    }
}
