using System.Collections.Immutable;
using System.Globalization;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>
/// Plans the retirement of stale credentials from an IAM review: a pure function of the findings, the users' tags, the
/// retirement clock, the time and the playbook. The plan is an ordinary response plan, stored, approved, executed,
/// audited and undone by the response runner like a network response.
/// </summary>
/// <remarks>
/// Per finding, in order: the root user is never retired (notified to the team channel only); exempt users (list,
/// pattern, tag) are skipped; a notify check is notified once; a retire check is notified first, which starts the
/// clock, and retired once the grace period has run (reaching it counts: 7 days after the notice is retirement day).
/// Retirements are ordered stalest first; beyond the blast-radius limit they wait for <c>sniper approve</c>.
/// </remarks>
public static class IamRetirementPlanner
{
    /// <summary>The plan for <paramref name="input"/> under <paramref name="playbook"/>.</summary>
    public static ResponsePlan Plan(IamRetirementPlaybook playbook, IamRetirementInput input)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(input);
        var notices = new Dictionary<string, NoticeBuilder>(StringComparer.Ordinal);
        var candidates = new List<(IamFinding Finding, PlannedAction Action, NoticeBuilder Notice, DateTimeOffset First)>();
        var skipped = new List<SkippedAction>();
        var matches = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var finding in input.Findings)
        {
            var decision = playbook.DecisionFor(finding.Check);
            if (decision == RetirementDecision.Ignore)
            {
                continue;
            }

            var id = RetirementClock.FindingId(finding);
            matches[id] = [playbook.Name];
            var retireKey = RetireKeyFor(finding.Check);
            var tags = input.UserTags.GetValueOrDefault(RetirementClock.UserKey(finding.Account, finding.User));
            var root = IamRetirementGuards.IsRoot(finding.User);
            if (!root && IamRetirementGuards.ExemptReason(playbook, finding.User, tags) is { } exempt)
            {
                skipped.Add(new SkippedAction(id, playbook.Name, retireKey ?? NotifyCredentialOwner.ActionKey, "exempt", finding.User, exempt));
                continue;
            }

            if (root && decision == RetirementDecision.Retire)
            {
                skipped.Add(new SkippedAction(id, playbook.Name, retireKey ?? NotifyCredentialOwner.ActionKey, "root", finding.User,
                    "root credentials are never retired automatically; notified only"));
                decision = RetirementDecision.Notify;
            }

            var notice = Notice(notices, playbook, finding, root ? null : tags);
            var notified = input.Notified.TryGetValue(RetirementClock.Key(finding), out var at) ? at : (DateTimeOffset?)null;
            if (decision == RetirementDecision.Notify || retireKey is null)
            {
                if (notified is { } when)
                {
                    skipped.Add(new SkippedAction(id, playbook.Name, NotifyCredentialOwner.ActionKey, "notified", finding.User,
                        $"{notice.Recipient} was notified on {Date(when)}; notify-only findings are notified once"));
                }
                else
                {
                    notice.Add(id, $"{finding.Check}: {finding.Detail}. {IamChecks.Find(finding.Check)?.Remediation}");
                }

                continue;
            }

            var what = Describe(finding);
            if (notified is not { } first)
            {
                notice.Add(id, $"{finding.Check}: {finding.Detail}. {what} will be retired on or after {Date(input.Now + playbook.GracePeriod)} " +
                    $"unless it is used again or the user is tagged {IamRetirementPlaybook.ExemptTag}=true.");
                continue;
            }

            var due = first + playbook.GracePeriod;
            if (input.Now < due)
            {
                skipped.Add(new SkippedAction(id, playbook.Name, retireKey, "grace-period", finding.User,
                    $"{notice.Recipient} notified on {Date(first)}; {what} is retired on or after {Date(due)}"));
                continue;
            }

            candidates.Add((finding, RetireAction(input.PlanId, playbook, finding, retireKey, id), notice, first));
        }

        var actions = ImmutableArray.CreateBuilder<PlannedAction>();
        var planNotices = ImmutableArray.CreateBuilder<string>();
        var retired = 0;
        var held = 0;
        foreach (var (finding, candidate, notice, first) in candidates.OrderByDescending(c => c.Finding.Age ?? 0).ThenBy(c => c.Finding.User, StringComparer.Ordinal))
        {
            var action = candidate;
            if (input.RequireApproval.Contains(action.ActionKey))
            {
                action = action with { Status = ActionStatus.AwaitingApproval, Reason = $"{action.ActionKey} requires approval (response.requireApproval)" };
            }
            else if (retired < playbook.MaxRetirementsPerRun)
            {
                retired++;
            }
            else
            {
                action = action with
                {
                    Status = ActionStatus.AwaitingApproval,
                    Reason = $"blast-radius limit: at most {playbook.MaxRetirementsPerRun} credential(s) retired per run",
                };
                held++;
            }

            actions.Add(action);
            var what = Describe(finding);
            notice.Add(action.FindingIds[0], action.Status == ActionStatus.Planned
                ? $"{finding.Check}: {finding.Detail}. {what} is retired now, {Durations.Format(playbook.GracePeriod)} after the notice of {Date(first)} (to undo: sniper undo {action.Id})."
                : $"{finding.Check}: {finding.Detail}. {what} is due for retirement since {Date(first + playbook.GracePeriod)} and waits for approval (sniper approve {input.PlanId} {action.Id}).");
        }

        if (held > 0)
        {
            planNotices.Add($"IAM retirement: {held} credential(s) beyond the limit of {playbook.MaxRetirementsPerRun} per run wait for approval (sniper approve {input.PlanId})");
        }

        foreach (var notice in notices.Values.Where(n => n.Lines.Count > 0))
        {
            actions.Add(notice.Build(input.PlanId, playbook));
        }

        return new ResponsePlan
        {
            Id = input.PlanId,
            CreatedAt = input.Now,
            Mode = input.Mode,
            FindingCount = input.Findings.Count,
            MatchedCount = matches.Count,
            Actions = actions.ToImmutable(),
            Skipped = [.. skipped],
            Notices = planNotices.ToImmutable(),
            Matches = matches.ToImmutable(),
        };
    }

    /// <summary>The retire action for a check, or null when its findings are notified only.</summary>
    public static string? RetireKeyFor(string check) =>
        check == IamChecks.KeyUnused.Id ? RetireAccessKey.ActionKey : check == IamChecks.PasswordUnused.Id ? RetireLoginProfile.ActionKey : null;

    private static PlannedAction RetireAction(string planId, IamRetirementPlaybook playbook, IamFinding finding, string actionKey, string findingId)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["user"] = finding.User };
        string target;
        if (actionKey == RetireAccessKey.ActionKey)
        {
            target = $"{actionKey}|{finding.Account}|{finding.User}|{finding.KeyId ?? "key" + finding.Key}";
            parameters["slot"] = finding.Key?.ToString(CultureInfo.InvariantCulture) ?? "";
            if (finding.KeyId is not null)
            {
                parameters["access-key-id"] = finding.KeyId;
            }

            if (finding.KeyCreated is { } created)
            {
                parameters["created"] = Iso(created);
            }
        }
        else
        {
            target = $"{actionKey}|{finding.Account}|{finding.User}";
        }

        parameters["last-used"] = finding.LastUsed is { } used ? Iso(used) : "never";
        return new PlannedAction
        {
            Id = PlanBuilder.ActionId(planId, target),
            ActionKey = actionKey,
            Phase = NistPhase.Containment,
            TargetKey = target,
            AccountId = finding.Account,
            Rules = [playbook.Name],
            FindingIds = [findingId],
            ResourceIds = [finding.KeyId ?? finding.User],
            Parameters = parameters.ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
    }

    private static NoticeBuilder Notice(Dictionary<string, NoticeBuilder> notices, IamRetirementPlaybook playbook, IamFinding finding, IReadOnlyDictionary<string, string>? tags)
    {
        var key = RetirementClock.UserKey(finding.Account, finding.User);
        if (!notices.TryGetValue(key, out var notice))
        {
            var owner = tags is not null && tags.TryGetValue(playbook.OwnerTag, out var o) && o.Length > 0 ? o : null;
            notice = new NoticeBuilder(finding.Account, finding.User, owner ?? playbook.TeamChannel, owner is null ? "team-channel" : "owner-tag");
            notices[key] = notice;
        }

        return notice;
    }

    private static string Describe(IamFinding finding) =>
        finding.Check == IamChecks.KeyUnused.Id
            ? $"Access key {finding.KeyId ?? finding.Key?.ToString(CultureInfo.InvariantCulture)} of {finding.User} (deactivated, never deleted)"
            : $"The console password of {finding.User} (login profile removed)";

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class NoticeBuilder(string? account, string user, string recipient, string source)
    {
        public string Recipient => recipient;

        public List<string> Lines { get; } = [];

        public List<string> FindingIds { get; } = [];

        public void Add(string findingId, string line)
        {
            FindingIds.Add(findingId);
            Lines.Add(line);
        }

        public PlannedAction Build(string planId, IamRetirementPlaybook playbook)
        {
            var target = $"{NotifyCredentialOwner.ActionKey}|{account}|{user}";
            var parameters = new SortedDictionary<string, string>(playbook.ChannelParameters, StringComparer.Ordinal)
            {
                ["user"] = user,
                ["recipient"] = recipient,
                ["recipient-source"] = source,
                ["channel"] = playbook.Channel.ToString().ToLowerInvariant(),
                ["message"] = $"To {recipient}: {user}{(account is null ? "" : " in account " + account)}:\n- " + string.Join("\n- ", Lines),
            };
            return new PlannedAction
            {
                Id = PlanBuilder.ActionId(planId, target),
                ActionKey = NotifyCredentialOwner.ActionKey,
                Phase = NistPhase.PostIncident,
                TargetKey = target,
                AccountId = account,
                Rules = [playbook.Name],
                FindingIds = [.. FindingIds],
                ResourceIds = [user],
                Parameters = parameters.ToImmutableSortedDictionary(StringComparer.Ordinal),
            };
        }
    }
}
