using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Response.Planning;

/// <summary>
/// What an action sees while planning for one finding, and how it adds work: addresses to block (guarded,
/// capped, with a time to live), resources to act on, or the reason it is skipped. Work for the same target key
/// is merged across findings.
/// </summary>
public sealed class ActionPlanningContext
{
    private readonly PlanBuilder _builder;
    private readonly ResponseGuards _guards;

    internal ActionPlanningContext(PlanBuilder builder, ResponseGuards guards)
    {
        _builder = builder;
        _guards = guards;
    }

    /// <summary>The finding being planned for.</summary>
    public Finding Finding { get; private set; } = null!;

    /// <summary>The rule that matched it.</summary>
    public PlaybookRule Rule { get; private set; } = null!;

    /// <summary>The action entry of the rule (its parameters and phase).</summary>
    public ActionInvocation Invocation { get; private set; } = null!;

    /// <summary>The action being planned.</summary>
    public ResponseAction Action { get; private set; } = null!;

    /// <summary>The response settings.</summary>
    public ResponseOptions Options => _builder.Options;

    /// <summary>The planning time.</summary>
    public DateTimeOffset Now => _builder.Input.Now;

    /// <summary>The id of the plan being built.</summary>
    public string PlanId => _builder.Input.PlanId;

    private Finding? _ownFor;
    private OwnNetworks? _own;

    internal void Reset(Finding finding, PlaybookRule rule, ActionInvocation invocation, ResponseAction action)
    {
        Finding = finding;
        Rule = rule;
        Invocation = invocation;
        Action = action;
    }

    private OwnNetworks? Own()
    {
        if (!ReferenceEquals(_ownFor, Finding))
        {
            _ownFor = Finding;
            _own = _builder.Input.OwnNetworks.Count == 0 ? null : _builder.Input.OwnNetworks.GetValueOrDefault(PlanningInput.OwnKey(Finding.AccountId, Finding.Region));
        }

        return _own;
    }

    /// <summary>A cached id for the incident of an instance (SHA-256 once per instance and plan).</summary>
    public string IncidentIdOf(string instanceId) => _builder.IncidentId(instanceId);

    /// <summary>
    /// Adds <paramref name="network"/> to the block target <paramref name="targetKey"/> unless a guard or the
    /// blast-radius cap stops it (then records the skip). Returns true when the address is in the plan.
    /// </summary>
    public bool Block(string targetKey, IpNetwork network, IReadOnlyDictionary<string, string> parameters, string? region = null) =>
        Block(targetKey, network, () => parameters, region);

    /// <summary>
    /// As <see cref="Block(string, IpNetwork, IReadOnlyDictionary{string, string}, string?)"/>, building the parameters
    /// only when the target is new or this finding is more severe than the one that set them (the hot path of bursts).
    /// </summary>
    public bool Block(string targetKey, IpNetwork network, Func<IReadOnlyDictionary<string, string>> parameters, string? region = null)
    {
        var own = Own();
        var (reason, guard, address) = _builder.Guard(network, own, _guards);
        if (reason is not null)
        {
            _builder.Decide(new GuardDecision(guard, address, false, reason));
            Skip(reason, address, guard);
            return false;
        }

        if (_builder.RecordDecisions)
        {
            _builder.Decide(new GuardDecision("address", address, true, "public; not own, AWS or allow-listed"));
        }

        if (!_builder.Admit(address, out var history))
        {
            Skip($"blast-radius cap of {Options.MaxBlocksPerHour} new blocks an hour reached", address, GuardKeys.BlastRadius);
            return false;
        }

        var target = _builder.Target(targetKey, Action, Invocation.Phase, Finding.AccountId, region ?? Finding.Region);
        target.Touch(Rule.Name, Finding.Id, parameters, Finding.Severity);
        if (!target.HasBlock(address))
        {
            var ttl = Invocation.Get("ttl") is { } t && Durations.TryParse(t, out var d) ? d : (TimeSpan?)null;
            target.AddBlock(_builder.BlockFor(address, Finding.Id, history, ttl));
        }

        return true;
    }

    /// <summary>Adds the finding (and <paramref name="resourceIds"/>) to the target <paramref name="targetKey"/>.</summary>
    public void Act(string targetKey, IEnumerable<string> resourceIds, IReadOnlyDictionary<string, string> parameters, string? region = null, string? account = null) =>
        Act(targetKey, resourceIds, () => parameters, region, account);

    /// <summary>As <see cref="Act(string, IEnumerable{string}, IReadOnlyDictionary{string, string}, string?, string?)"/>, building the parameters only when they would be kept.</summary>
    public void Act(string targetKey, IEnumerable<string> resourceIds, Func<IReadOnlyDictionary<string, string>> parameters, string? region = null, string? account = null)
    {
        var target = _builder.Target(targetKey, Action, Invocation.Phase, account ?? Finding.AccountId, region ?? Finding.Region);
        target.Touch(Rule.Name, Finding.Id, parameters, Finding.Severity);
        foreach (var id in resourceIds)
        {
            target.AddResource(id);
        }
    }

    /// <summary>Records that the action does nothing for this finding (or for <paramref name="subject"/>), and why.</summary>
    public void Skip(string reason, string? subject = null, string guard = GuardKeys.Precondition)
    {
        _builder.Skip(new SkippedAction(Finding.Id, Rule.Name, Action.Key, guard, subject ?? Finding.Id, reason));
        if (guard == GuardKeys.Precondition)
        {
            _builder.Decide(new GuardDecision(guard, subject ?? Finding.Id, false, reason));
        }
    }
}
