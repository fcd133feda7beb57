using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Core.Response.Planning;

/// <summary>Collects targets, blocks, skips and guard decisions while a plan is built, merging work per target.</summary>
internal sealed class PlanBuilder(PlanningInput input, ResponseOptions options)
{
    private readonly Dictionary<string, TargetAccumulator> _targets = new(StringComparer.Ordinal);
    private readonly List<TargetAccumulator> _order = [];
    private readonly List<SkippedAction> _skipped = [];
    private readonly List<GuardDecision> _decisions = [];
    private readonly List<string> _notices = [];
    private readonly Dictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly BlockTtlPolicy _ttl = options.TtlPolicy;
    private readonly Dictionary<(OwnNetworks? Own, IpNetwork Network), (string? Reason, string Guard, string Address)> _guardCache = [];
    private readonly Dictionary<string, string> _incidents = new(StringComparer.Ordinal);
    private int _newBlocks;
    private bool _capNoticed;

    public PlanningInput Input => input;

    public ResponseOptions Options => options;

    public bool RecordDecisions => input.RecordDecisions;

    public TargetAccumulator Target(string key, ResponseAction action, NistPhase phase, string? account, string? region)
    {
        if (!_targets.TryGetValue(key, out var target))
        {
            target = new TargetAccumulator(key, action, phase, account, region);
            _targets.Add(key, target);
            _order.Add(target);
        }

        return target;
    }

    public void Skip(SkippedAction skipped) => _skipped.Add(skipped);

    /// <summary>The guards' verdict on an address, computed once per plan (bursts repeat the same attackers).</summary>
    public (string? Reason, string Guard, string Address) Guard(IpNetwork network, OwnNetworks? own, ResponseGuards guards)
    {
        if (!_guardCache.TryGetValue((own, network), out var verdict))
        {
            var reason = guards.CheckAddress(network, own, out var guard);
            verdict = (reason, guard, network.ToString());
            _guardCache[(own, network)] = verdict;
        }

        return verdict;
    }

    /// <summary>The incident id of an instance, hashed once per plan.</summary>
    public string IncidentId(string instanceId)
    {
        if (!_incidents.TryGetValue(instanceId, out var id))
        {
            id = KnowledgeBase.Incident.IdFor(KnowledgeBase.IncidentKind.Resource, "Instance:" + instanceId);
            _incidents[instanceId] = id;
        }

        return id;
    }

    public void Decide(GuardDecision decision)
    {
        if (input.RecordDecisions)
        {
            _decisions.Add(decision);
        }
    }

    /// <summary>
    /// Admits an address under the blast-radius cap: addresses already actively blocked are free, new ones count
    /// against <see cref="ResponseOptions.MaxBlocksPerHour"/> together with the blocks of the last hour.
    /// </summary>
    public bool Admit(string address, out AddressHistory history)
    {
        history = input.History.Get(address);
        if (_admitted.TryGetValue(address, out var ok))
        {
            return ok;
        }

        var active = history.ActiveUntil is { } until && until > input.Now;
        ok = active || input.History.BlocksLastHour + _newBlocks < options.MaxBlocksPerHour;
        if (ok && !active)
        {
            _newBlocks++;
        }

        if (!ok && !_capNoticed)
        {
            _capNoticed = true;
            _notices.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"blast-radius cap reached: at most {options.MaxBlocksPerHour} new blocks an hour ({input.History.BlocksLastHour} in the last hour before this plan); further addresses were not blocked"));
        }

        _admitted[address] = ok;
        return ok;
    }

    public PlannedBlock BlockFor(string address, string findingId, AddressHistory history, TimeSpan? firstTtl)
    {
        var policy = firstTtl is { } first && first != _ttl.Default ? _ttl with { Default = first } : _ttl;
        var ttl = policy.For(history.PriorBlocks);
        return new PlannedBlock(address, findingId, ttl, input.Now + ttl, history.PriorBlocks + 1);
    }

    public ResponsePlan Build(int findingCount, ImmutableDictionary<string, ImmutableArray<string>> matches)
    {
        var actions = ImmutableArray.CreateBuilder<PlannedAction>(_order.Count);

        // Phase order (containment before eradication, …); notifications last so they can report what the others did.
        foreach (var target in _order.OrderBy(t => t.Action.Notifies ? 1 : 0).ThenBy(t => t.Phase))
        {
            if (target.IsEmptyBlock)
            {
                continue;
            }

            var (status, reason) = input.Mode == ResponseMode.Enforce && options.RequireApproval.Contains(target.Action.Key)
                ? (ActionStatus.AwaitingApproval, $"'{target.Action.Key}' needs an approval: sniper approve {input.PlanId}")
                : (ActionStatus.Planned, (string?)null);
            actions.Add(target.Freeze(ActionId(input.PlanId, target.TargetKey), status, reason));
        }

        return new ResponsePlan
        {
            Id = input.PlanId,
            CreatedAt = input.Now,
            Mode = input.Mode,
            FindingCount = findingCount,
            MatchedCount = matches.Count,
            Actions = actions.ToImmutable(),
            Skipped = [.. _skipped],
            Notices = [.. _notices],
            Decisions = [.. _decisions],
            Matches = matches,
        };
    }

    /// <summary>A stable action id: <c>act-</c> and the first 12 hex digits of SHA-256(plan id | target).</summary>
    public static string ActionId(string planId, string targetKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(planId + "|" + targetKey));
        return "act-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }
}
