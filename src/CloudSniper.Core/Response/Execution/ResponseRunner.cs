using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Response.Execution;

/// <summary>
/// Runs the response: plans a batch of findings, stores and audits the plan, executes it in enforce mode (one
/// failing action never stops the others), and handles approvals, expiry, unblock and undo. The ingest pipeline
/// calls <see cref="OnBatchCommittedAsync"/> after each committed batch.
/// </summary>
public sealed class ResponseRunner
{
    private readonly ResponseEngine _engine;
    private readonly IResponseStore _store;
    private readonly IAuditSink _audit;
    private readonly Dictionary<string, IActionExecutor> _executors;
    private readonly IOwnAddressSource? _ownAddresses;
    private readonly TimeProvider _time;
    private readonly Func<DateTimeOffset, string> _newPlanId;

    /// <summary>Creates a runner; <paramref name="audit"/> defaults to the store's own audit log.</summary>
    public ResponseRunner(
        ResponseEngine engine,
        IResponseStore store,
        IEnumerable<IActionExecutor> executors,
        IOwnAddressSource? ownAddresses = null,
        TimeProvider? time = null,
        IAuditSink? audit = null,
        Func<DateTimeOffset, string>? newPlanId = null)
    {
        _engine = engine;
        _store = store;
        _audit = audit ?? store;
        _executors = executors.ToDictionary(e => e.ActionKey, StringComparer.Ordinal);
        _ownAddresses = ownAddresses;
        _time = time ?? TimeProvider.System;
        _newPlanId = newPlanId ?? NewPlanId;
    }

    /// <summary>The engine in use.</summary>
    public ResponseEngine Engine => _engine;

    /// <summary>A new plan id: <c>plan-</c>, the UTC time and six random hex digits.</summary>
    public static string NewPlanId(DateTimeOffset now) =>
        "plan-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));

    /// <summary>Responds to the findings of a batch the knowledge base has just committed.</summary>
    public Task<ResponseRunResult> OnBatchCommittedAsync(IReadOnlyList<FindingWithIocs> batch, ResponseMode mode, CancellationToken cancellationToken = default) =>
        RunAsync([.. batch.Select(b => b.Finding)], mode, cancellationToken);

    /// <summary>Builds the plan for <paramref name="findings"/> without storing, auditing or executing it (for explain).</summary>
    public async Task<ResponsePlan> PreviewAsync(IReadOnlyList<Finding> findings, bool recordDecisions, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var input = await InputAsync(findings, "preview", now, ResponseMode.Plan, cancellationToken).ConfigureAwait(false);
        return _engine.Plan(findings, input with { RecordDecisions = recordDecisions });
    }

    /// <summary>Plans, stores, audits and (in enforce mode) executes the response to <paramref name="findings"/>.</summary>
    public async Task<ResponseRunResult> RunAsync(IReadOnlyList<Finding> findings, ResponseMode mode, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var planId = _newPlanId(now);
        var input = await InputAsync(findings, planId, now, mode, cancellationToken).ConfigureAwait(false);
        var plan = _engine.Plan(findings, input);
        if (mode != ResponseMode.Observe)
        {
            await _store.SavePlanAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        foreach (var action in plan.Actions)
        {
            var outcome = mode == ResponseMode.Observe ? "observed" : action.Status == ActionStatus.AwaitingApproval ? "awaiting-approval" : "planned";
            await _audit.AppendAuditAsync(ResponseAudit.Planned(action, plan, outcome, now), cancellationToken).ConfigureAwait(false);
        }

        foreach (var skipped in plan.Skipped)
        {
            await _audit.AppendAuditAsync(ResponseAudit.Skipped(skipped, plan.Id, now), cancellationToken).ConfigureAwait(false);
        }

        foreach (var notice in plan.Notices)
        {
            await _audit.AppendAuditAsync(ResponseAudit.Notice(plan.Id, notice, now), cancellationToken).ConfigureAwait(false);
        }

        if (mode != ResponseMode.Enforce)
        {
            return new ResponseRunResult(plan, new Dictionary<string, ActionOutcome>());
        }

        var findingsById = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            findingsById[f.Id] = f;
        }

        return await ExecuteAsync(plan, plan.Actions.Where(a => a.Status == ActionStatus.Planned).Select(a => a.Id).ToHashSet(StringComparer.Ordinal), findingsById, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Approves and executes actions of a stored plan: <paramref name="actionIds"/>, or every action awaiting
    /// approval or only planned when null.
    /// </summary>
    public async Task<ResponseRunResult> ApproveAsync(string planId, IReadOnlyCollection<string>? actionIds, string approver, CancellationToken cancellationToken = default)
    {
        var plan = await _store.GetPlanAsync(planId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"no plan '{planId}' in the response store");
        var pending = plan.Actions.Where(a => a.Status is ActionStatus.AwaitingApproval or ActionStatus.Planned).ToList();
        if (actionIds is not null)
        {
            var unknown = actionIds.Where(id => plan.Actions.All(a => a.Id != id)).ToList();
            if (unknown.Count > 0)
            {
                throw new KeyNotFoundException($"plan '{planId}' has no action {string.Join(", ", unknown)}");
            }

            pending = pending.Where(a => actionIds.Contains(a.Id)).ToList();
        }

        var now = _time.GetUtcNow();
        foreach (var action in pending)
        {
            await _store.RecordApprovalAsync(new Approval(planId, action.Id, approver, now), cancellationToken).ConfigureAwait(false);
        }

        return await ExecuteAsync(plan, pending.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), new Dictionary<string, Finding>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every expired block still in place from AWS (WAF sets and ACLs) and records it.</summary>
    public async Task<IReadOnlyList<(string Target, ActionOutcome Outcome)>> ExpireBlocksAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var expired = await _store.ListBlocksAsync(new BlockQuery(ExpiredBefore: now), cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(expired, "expired", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every block of an address (or CIDR block) now, wherever it is.</summary>
    public async Task<IReadOnlyList<(string Target, ActionOutcome Outcome)>> UnblockAsync(string address, CancellationToken cancellationToken = default)
    {
        if (!IpNetwork.TryParse(address, out var network))
        {
            throw new FormatException($"'{address}' is not an IP address or CIDR block");
        }

        var blocks = await _store.ListBlocksAsync(new BlockQuery(Address: network.Value.ToString()), cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(blocks, "unblocked", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reverses an executed action: removes its blocks, or asks its executor to restore the previous state.</summary>
    public async Task<ActionOutcome> UndoAsync(string actionId, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetActionRecordAsync(actionId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"no executed action '{actionId}' in the response store");
        if (record.UndoneAt is not null)
        {
            return ActionOutcome.Skipped($"'{actionId}' was already undone at {record.UndoneAt:u}");
        }

        if (record.Status is not (ActionStatus.Executed or ActionStatus.Partial))
        {
            return ActionOutcome.Skipped($"'{actionId}' did not execute ({record.Status.ToString().ToLowerInvariant()}); nothing to undo");
        }

        var context = Context(null, new Dictionary<string, Finding>(), [], []);
        var started = Stopwatch.GetTimestamp();
        ActionOutcome outcome;
        var executor = _executors.GetValueOrDefault(record.ActionKey);
        if (executor is IBlockExecutor && _engine.Registry.Find(record.ActionKey)?.Blocks == true)
        {
            var blocks = (await _store.ListBlocksAsync(new BlockQuery(), cancellationToken).ConfigureAwait(false)).Where(b => b.ActionId == actionId).ToList();
            var results = await RemoveAsync(blocks, "undone", cancellationToken).ConfigureAwait(false);
            outcome = results.Count == 0
                ? ActionOutcome.Executed("no block of this action is still in place")
                : results.Any(r => r.Outcome.Status != ActionStatus.Executed)
                    ? results.First(r => r.Outcome.Status != ActionStatus.Executed).Outcome
                    : ActionOutcome.Executed($"removed the blocks of {results.Count} target(s)");
        }
        else if (executor is IUndoableExecutor undoable && record.Undo is not null)
        {
            outcome = await Guarded(() => undoable.UndoAsync(record, context, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            outcome = ActionOutcome.Skipped($"'{record.ActionKey}' cannot be undone");
        }

        var now = _time.GetUtcNow();
        if (outcome.Status == ActionStatus.Executed)
        {
            await _store.SaveActionRecordAsync(record with { UndoneAt = now, Status = ActionStatus.Undone }, cancellationToken).ConfigureAwait(false);
            await MarkUndoneInPlanAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var pseudo = new PlannedAction { Id = record.Id, ActionKey = record.ActionKey, Phase = NistPhase.Recovery, TargetKey = record.TargetKey, FindingIds = record.FindingIds, AccountId = record.AccountId, Region = record.Region };
        await _audit.AppendAuditAsync(ResponseAudit.Executed(pseudo, record.PlanId, outcome, Stopwatch.GetElapsedTime(started), now, "undone"), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task MarkUndoneInPlanAsync(ActionRecord record, CancellationToken cancellationToken)
    {
        // The stored plan is what `plans show` reads, so it must say the action no longer stands.
        var plan = await _store.GetPlanAsync(record.PlanId, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return;
        }

        var actions = plan.Actions.Select(a => a.Id == record.Id ? a with { Status = ActionStatus.Undone, Reason = "undone" } : a).ToImmutableArray();
        await _store.SavePlanAsync(plan with { Actions = actions }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tags resources with their creators, from CloudTrail create events (enforce mode acts; other modes only audit).</summary>
    public async Task<ResponseRunResult> TagOwnersAsync(IReadOnlyList<Owners.OwnerTagRequest> requests, ResponseMode mode, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var planId = _newPlanId(now);
        var actions = requests
            .GroupBy(r => (r.AccountId, r.Region, r.Owner, r.PrincipalId))
            .Select(g => new PlannedAction
            {
                Id = PlanBuilder.ActionId(planId, $"tag-owner|{g.Key.AccountId}|{g.Key.Region}|{g.Key.PrincipalId}"),
                ActionKey = Actions.TagOwner.ActionKey,
                Phase = NistPhase.DetectionAndAnalysis,
                TargetKey = $"tag-owner|{g.Key.AccountId}|{g.Key.Region}|{g.Key.PrincipalId}",
                AccountId = g.Key.AccountId,
                Region = g.Key.Region,
                Rules = ["owner-tagging"],
                FindingIds = [.. g.Select(r => r.EventId).Distinct()],
                ResourceIds = [.. g.SelectMany(r => r.ResourceIds).Distinct()],
                Parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[] { new("owner", g.Key.Owner), new("principal-id", g.Key.PrincipalId) }),
            })
            .ToImmutableArray();
        var plan = new ResponsePlan { Id = planId, CreatedAt = now, Mode = mode, FindingCount = requests.Count, MatchedCount = requests.Count, Actions = actions };
        if (mode != ResponseMode.Observe)
        {
            await _store.SavePlanAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        foreach (var action in actions)
        {
            await _audit.AppendAuditAsync(ResponseAudit.Planned(action, plan, mode == ResponseMode.Observe ? "observed" : "planned", now), cancellationToken).ConfigureAwait(false);
        }

        return mode == ResponseMode.Enforce
            ? await ExecuteAsync(plan, actions.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), new Dictionary<string, Finding>(), cancellationToken).ConfigureAwait(false)
            : new ResponseRunResult(plan, new Dictionary<string, ActionOutcome>());
    }

    /// <summary>
    /// Stores, audits and (in enforce mode) executes a plan built outside the finding playbooks (the IAM retirement
    /// plan): exactly as <see cref="RunAsync"/> does with the plans it builds, so approval, undo and audit work alike.
    /// </summary>
    public async Task<ResponseRunResult> RunPlanAsync(ResponsePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var now = _time.GetUtcNow();
        if (plan.Mode != ResponseMode.Observe)
        {
            await _store.SavePlanAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        foreach (var action in plan.Actions)
        {
            var outcome = plan.Mode == ResponseMode.Observe ? "observed" : action.Status == ActionStatus.AwaitingApproval ? "awaiting-approval" : "planned";
            await _audit.AppendAuditAsync(ResponseAudit.Planned(action, plan, outcome, now), cancellationToken).ConfigureAwait(false);
        }

        foreach (var skipped in plan.Skipped)
        {
            await _audit.AppendAuditAsync(ResponseAudit.Skipped(skipped, plan.Id, now), cancellationToken).ConfigureAwait(false);
        }

        foreach (var notice in plan.Notices)
        {
            await _audit.AppendAuditAsync(ResponseAudit.Notice(plan.Id, notice, now), cancellationToken).ConfigureAwait(false);
        }

        return plan.Mode == ResponseMode.Enforce
            ? await ExecuteAsync(plan, plan.Actions.Where(a => a.Status == ActionStatus.Planned).Select(a => a.Id).ToHashSet(StringComparer.Ordinal), new Dictionary<string, Finding>(), cancellationToken).ConfigureAwait(false)
            : new ResponseRunResult(plan, new Dictionary<string, ActionOutcome>());
    }

    private async Task<ResponseRunResult> ExecuteAsync(ResponsePlan plan, HashSet<string> toRun, IReadOnlyDictionary<string, Finding> findings, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, ActionOutcome>(StringComparer.Ordinal);
        var completed = new List<(PlannedAction, ActionOutcome)>();
        var updated = plan.Actions.ToBuilder();
        for (var i = 0; i < updated.Count; i++)
        {
            var action = updated[i];
            if (!toRun.Contains(action.Id))
            {
                continue;
            }

            var context = Context(plan, findings, completed, plan.Notices);
            var started = _time.GetUtcNow();
            var watch = Stopwatch.GetTimestamp();
            var outcome = _executors.TryGetValue(action.ActionKey, out var executor)
                ? await Guarded(() => executor.ExecuteAsync(action, context, cancellationToken)).ConfigureAwait(false)
                : ActionOutcome.Failed($"no executor is registered for '{action.ActionKey}'");
            var duration = Stopwatch.GetElapsedTime(watch);
            outcomes[action.Id] = outcome;
            completed.Add((action, outcome));
            updated[i] = action with { Status = outcome.Status, Reason = outcome.Status == ActionStatus.Executed ? null : outcome.Message };
            await _store.SaveActionRecordAsync(
                new ActionRecord
                {
                    Id = action.Id,
                    PlanId = plan.Id,
                    ActionKey = action.ActionKey,
                    TargetKey = action.TargetKey,
                    AccountId = action.AccountId,
                    Region = action.Region,
                    Status = outcome.Status,
                    FindingIds = action.FindingIds,
                    StartedAt = started,
                    Duration = duration,
                    Before = outcome.Before,
                    After = outcome.After,
                    Undo = outcome.Undo,
                    Error = outcome.Status == ActionStatus.Executed ? null : outcome.Message,
                    ErrorCode = outcome.ErrorCode,
                },
                cancellationToken).ConfigureAwait(false);
            await _audit.AppendAuditAsync(ResponseAudit.Executed(action, plan.Id, outcome, duration, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        var final = plan with { Actions = updated.ToImmutable() };
        if (plan.Mode != ResponseMode.Observe)
        {
            await _store.SavePlanAsync(final, cancellationToken).ConfigureAwait(false);
        }

        await SendNoticesAsync(final, findings, completed, cancellationToken).ConfigureAwait(false);
        return new ResponseRunResult(final, outcomes);
    }

    private async Task SendNoticesAsync(ResponsePlan plan, IReadOnlyDictionary<string, Finding> findings, List<(PlannedAction, ActionOutcome)> completed, CancellationToken cancellationToken)
    {
        var failures = completed.Where(c => c.Item2.Status is ActionStatus.Failed or ActionStatus.Partial).Select(c => $"{c.Item1.ActionKey} {c.Item1.Id} failed: {c.Item2.Message}").ToList();
        var notices = plan.Notices.Concat(failures).ToList();
        if (notices.Count == 0 || _engine.Options.NoticeChannels.IsEmpty)
        {
            return;
        }

        var context = Context(plan, findings, completed, notices);
        foreach (var channel in _engine.Options.NoticeChannels)
        {
            if (!_executors.TryGetValue(channel.Key, out var executor))
            {
                continue;
            }

            var notice = new PlannedAction
            {
                Id = PlanBuilder.ActionId(plan.Id, "notice|" + channel.Key + "|" + channel.Line),
                ActionKey = channel.Key,
                Phase = NistPhase.PostIncident,
                TargetKey = "notice|" + channel.Key,
                Rules = ["notice"],
                Parameters = channel.Parameters,
            };
            var outcome = await Guarded(() => executor.ExecuteAsync(notice, context, cancellationToken)).ConfigureAwait(false);
            await _audit.AppendAuditAsync(ResponseAudit.Executed(notice, plan.Id, outcome, TimeSpan.Zero, _time.GetUtcNow(), "notified"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<(string Target, ActionOutcome Outcome)>> RemoveAsync(IReadOnlyList<BlockRecord> blocks, string reason, CancellationToken cancellationToken)
    {
        var results = new List<(string, ActionOutcome)>();
        var context = Context(null, new Dictionary<string, Finding>(), [], []);
        foreach (var group in blocks.GroupBy(b => (b.Kind, b.Target)))
        {
            var executor = _executors.Values.OfType<IBlockExecutor>().FirstOrDefault(e => e.BlockKind == group.Key.Kind);
            var watch = Stopwatch.GetTimestamp();
            var list = group.ToList();
            var outcome = executor is null
                ? ActionOutcome.Failed($"no executor manages '{group.Key.Kind}' blocks")
                : await Guarded(() => executor.RemoveBlocksAsync(list, reason, context, cancellationToken)).ConfigureAwait(false);
            results.Add((group.Key.Target, outcome));
            var pseudo = new PlannedAction
            {
                Id = list[0].ActionId ?? list[0].Id,
                ActionKey = executor?.ActionKey ?? group.Key.Kind,
                Phase = NistPhase.Recovery,
                TargetKey = group.Key.Target,
                AccountId = list[0].AccountId,
                Region = list[0].Region,
                FindingIds = [.. list.Select(b => b.FindingId).OfType<string>().Distinct()],
                Parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[] { new("reason", reason), new("addresses", string.Join(',', list.Select(b => b.Address).Distinct().Take(100))) }),
            };
            await _audit.AppendAuditAsync(ResponseAudit.Executed(pseudo, "", outcome, Stopwatch.GetElapsedTime(watch), _time.GetUtcNow(), reason), cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private ActionExecutionContext Context(ResponsePlan? plan, IReadOnlyDictionary<string, Finding> findings, IReadOnlyList<(PlannedAction, ActionOutcome)> completed, IReadOnlyList<string> notices) => new()
    {
        Store = _store,
        Options = _engine.Options,
        Time = _time,
        Plan = plan,
        Findings = findings,
        Completed = completed,
        Notices = notices,
    };

    private static async Task<ActionOutcome> Guarded(Func<Task<ActionOutcome>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ActionFailedException ex)
        {
            return ActionOutcome.Failed(ex.Message, ex.ErrorCode, ex.MissingPermission);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong is recorded as this action's failure; the rest of the plan goes on.
            return ActionOutcome.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<PlanningInput> InputAsync(IReadOnlyList<Finding> findings, string planId, DateTimeOffset now, ResponseMode mode, CancellationToken cancellationToken)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        var places = new HashSet<(string, string)>();
        foreach (var f in findings)
        {
            if (f.IsSample)
            {
                continue;
            }

            foreach (var remote in f.RemoteIps)
            {
                if (IpNetwork.TryParse(remote.Address, out var n))
                {
                    addresses.Add(n.Value.ToString());
                }
            }

            foreach (var indicator in f.Indicators)
            {
                if (IocValue.TryNormalize(indicator, out _, out var type) && type is IocType.Ipv4 or IocType.Ipv6 or IocType.Cidr && IpNetwork.TryParse(indicator, out var n))
                {
                    addresses.Add(n.Value.ToString());
                }
            }

            if (f.AccountId is not null && f.Region is not null && (f.RemoteIps.Length > 0 || f.Indicators.Length > 0))
            {
                places.Add((f.AccountId, f.Region));
            }
        }

        var history = addresses.Count == 0
            ? BlockHistory.Empty
            : await _store.GetBlockHistoryAsync(addresses, now, cancellationToken).ConfigureAwait(false);
        var own = new Dictionary<string, OwnNetworks>(StringComparer.Ordinal);
        if (_ownAddresses is not null)
        {
            foreach (var (account, region) in places)
            {
                try
                {
                    own[PlanningInput.OwnKey(account, region)] = await _ownAddresses.GetAsync(account, region, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    own[PlanningInput.OwnKey(account, region)] = OwnNetworks.Unknown(ex.Message);
                }
            }
        }

        return new PlanningInput(planId, now, mode) { History = history, OwnNetworks = own };
    }
}
