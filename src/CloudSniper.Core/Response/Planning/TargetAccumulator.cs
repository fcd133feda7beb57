using System.Collections.Immutable;

namespace CloudSniper.Core.Response.Planning;

/// <summary>The mutable state of one target while a plan is built; frozen into a <see cref="PlannedAction"/> at the end.</summary>
internal sealed class TargetAccumulator(string targetKey, ResponseAction action, NistPhase phase, string? account, string? region)
{
    private readonly List<string> _rules = [];
    private readonly List<string> _findings = [];
    private readonly HashSet<string> _findingSet = new(StringComparer.Ordinal);
    private readonly List<string> _resources = [];
    private readonly List<PlannedBlock> _blocks = [];
    private readonly HashSet<string> _blockSet = new(StringComparer.Ordinal);
    private double _priority = double.MinValue;

    public string TargetKey { get; } = targetKey;

    public ResponseAction Action { get; } = action;

    public NistPhase Phase { get; } = phase;

    public IReadOnlyDictionary<string, string> Parameters { get; private set; } = ImmutableSortedDictionary<string, string>.Empty;

    public void Touch(string rule, string findingId, Func<IReadOnlyDictionary<string, string>>? parameters, double priority)
    {
        if (!_rules.Contains(rule))
        {
            _rules.Add(rule);
        }

        if (_findingSet.Add(findingId))
        {
            _findings.Add(findingId);
        }

        // The most severe finding's parameters win, so tags and notices describe the worst of what was seen.
        if (parameters is not null && priority > _priority)
        {
            _priority = priority;
            Parameters = parameters();
        }
    }

    public void AddResource(string id)
    {
        if (!_resources.Contains(id))
        {
            _resources.Add(id);
        }
    }

    public bool HasBlock(string address) => _blockSet.Contains(address);

    public void AddBlock(PlannedBlock block)
    {
        if (_blockSet.Add(block.Address))
        {
            _blocks.Add(block);
        }
    }

    public bool IsEmptyBlock => Action.Blocks && _blocks.Count == 0;

    public PlannedAction Freeze(string id, ActionStatus status, string? reason) => new()
    {
        Id = id,
        ActionKey = Action.Key,
        Phase = Phase,
        TargetKey = TargetKey,
        AccountId = account,
        Region = region,
        Rules = [.. _rules],
        FindingIds = [.. _findings],
        Parameters = Parameters as ImmutableSortedDictionary<string, string> ?? Parameters.ToImmutableSortedDictionary(StringComparer.Ordinal),
        Blocks = [.. _blocks],
        ResourceIds = [.. _resources],
        Status = status,
        Reason = reason,
    };
}
