using System.Collections.Concurrent;
using System.Collections.Immutable;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Response;

/// <summary>
/// The playbook engine: matches findings against the rules of the loaded playbooks, runs the guards, and builds a
/// plan that merges the work per target. Pure and thread-safe: no AWS, no store, no clock of its own.
/// </summary>
public sealed class ResponseEngine
{
    // Finding types repeat endlessly (a few hundred GuardDuty types); caching which rules' type patterns match a
    // type turns the glob matching into one dictionary lookup per finding. Bounded so odd feeds cannot grow it.
    private const int TypeCacheLimit = 10_000;

    private readonly CompiledRule[] _rules;
    private readonly ResponseGuards _guards;
    private readonly ResponseOptions _options;
    private readonly ConcurrentDictionary<string, bool[]> _typeCache = new(StringComparer.Ordinal);

    /// <summary>Creates an engine over <paramref name="playbooks"/> (rules considered in order, playbook by playbook).</summary>
    public ResponseEngine(IEnumerable<Playbook> playbooks, ActionRegistry registry, ResponseGuards guards, ResponseOptions options)
    {
        _guards = guards;
        _options = options;
        Registry = registry;
        var rules = new List<CompiledRule>();
        foreach (var playbook in playbooks)
        {
            foreach (var rule in playbook.Rules)
            {
                var actions = rule.Do.Select(d => (d, registry.Find(d.Key) ?? throw new ArgumentException($"playbook '{playbook.Name}' uses unknown action '{d.Key}'", nameof(playbooks)))).ToArray();
                rules.Add(new CompiledRule(rule with { Name = playbook.Name + "/" + rule.Name }, actions));
            }
        }

        _rules = [.. rules];
        Playbooks = [.. playbooks];
    }

    /// <summary>The registered actions.</summary>
    public ActionRegistry Registry { get; }

    /// <summary>The playbooks in use.</summary>
    public ImmutableArray<Playbook> Playbooks { get; }

    /// <summary>The guards in use.</summary>
    public ResponseGuards Guards => _guards;

    /// <summary>The settings in use.</summary>
    public ResponseOptions Options => _options;

    /// <summary>The rules (qualified <c>playbook/rule</c>) whose conditions hold for <paramref name="finding"/>, honouring <c>stop</c>.</summary>
    public IReadOnlyList<PlaybookRule> Match(Finding finding)
    {
        var result = new List<PlaybookRule>();
        var typeMatches = TypeMatches(finding.Type.Raw);
        for (var i = 0; i < _rules.Length; i++)
        {
            if (typeMatches[i] && _rules[i].Rule.When.MatchesRest(finding))
            {
                result.Add(_rules[i].Rule);
                if (_rules[i].Rule.Stop)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Plans the response to a batch of findings.</summary>
    public ResponsePlan Plan(IReadOnlyList<Finding> findings, PlanningInput input)
    {
        var builder = new PlanBuilder(input, _options);
        var context = new ActionPlanningContext(builder, _guards);
        var matches = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        List<string>? matched = null;
        foreach (var finding in findings)
        {
            matched?.Clear();
            var typeMatches = TypeMatches(finding.Type.Raw);
            GuardDecision? stopped = null;
            var guardChecked = false;
            for (var i = 0; i < _rules.Length; i++)
            {
                var compiled = _rules[i];
                if (!typeMatches[i] || !compiled.Rule.When.MatchesRest(finding))
                {
                    continue;
                }

                (matched ??= []).Add(compiled.Rule.Name);
                if (!guardChecked)
                {
                    guardChecked = true;
                    stopped = _guards.CheckFinding(finding);
                    if (stopped is not null)
                    {
                        builder.Decide(stopped);
                    }
                }

                if (stopped is not null)
                {
                    builder.Skip(new SkippedAction(finding.Id, compiled.Rule.Name, "*", stopped.Guard, finding.Id, stopped.Reason));
                }
                else
                {
                    foreach (var (invocation, action) in compiled.Actions)
                    {
                        context.Reset(finding, compiled.Rule, invocation, action);
                        action.Plan(context);
                    }
                }

                if (compiled.Rule.Stop)
                {
                    break;
                }
            }

            if (matched is { Count: > 0 })
            {
                matches[finding.Id] = [.. matched];
            }
        }

        return builder.Build(findings.Count, matches.ToImmutable());
    }

    private bool[] TypeMatches(string type)
    {
        if (_typeCache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var result = new bool[_rules.Length];
        for (var i = 0; i < _rules.Length; i++)
        {
            result[i] = _rules[i].Rule.When.MatchesType(type);
        }

        if (_typeCache.Count < TypeCacheLimit)
        {
            _typeCache.TryAdd(type, result);
        }

        return result;
    }

    private sealed record CompiledRule(PlaybookRule Rule, (ActionInvocation Invocation, ResponseAction Action)[] Actions);
}
