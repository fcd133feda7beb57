using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Store;

/// <summary>A response store in memory, for tests, benchmarks and one-shot dry runs. Thread-safe.</summary>
public sealed class InMemoryResponseStore : IResponseStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResponsePlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _actionPlans = new(StringComparer.Ordinal);
    private readonly List<Approval> _approvals = [];
    private readonly Dictionary<string, ActionRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlockRecord> _blocks = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task SavePlanAsync(ResponsePlan plan, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _plans[plan.Id] = plan;
            foreach (var action in plan.Actions)
            {
                _actionPlans[action.Id] = plan.Id;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ResponsePlan?> GetPlanAsync(string planId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_plans.GetValueOrDefault(planId));
        }
    }

    /// <inheritdoc />
    public Task<string?> FindPlanOfActionAsync(string actionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_actionPlans.GetValueOrDefault(actionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResponsePlan>> ListPlansAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ResponsePlan>>(_plans.Values.OrderByDescending(p => p.CreatedAt).Take(limit).ToList());
        }
    }

    /// <inheritdoc />
    public Task RecordApprovalAsync(Approval approval, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _approvals.Add(approval);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Approval>> ListApprovalsAsync(string planId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Approval>>(_approvals.Where(a => a.PlanId == planId).ToList());
        }
    }

    /// <inheritdoc />
    public Task SaveActionRecordAsync(ActionRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _records[record.Id] = record;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ActionRecord?> GetActionRecordAsync(string actionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault(actionId));
        }
    }

    /// <inheritdoc />
    public Task UpsertBlocksAsync(IReadOnlyList<BlockRecord> blocks, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var block in blocks)
            {
                _blocks[block.Id] = _blocks.TryGetValue(block.Id, out var existing) ? Merge(existing, block) : block;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The upsert rule every store applies (see <see cref="IResponseStore.UpsertBlocksAsync"/>).</summary>
    public static BlockRecord Merge(BlockRecord existing, BlockRecord incoming) =>
        existing.InPlace
            ? existing with
            {
                ExpiresAt = incoming.ExpiresAt > existing.ExpiresAt ? incoming.ExpiresAt : existing.ExpiresAt,
                RuleNumber = incoming.RuleNumber ?? existing.RuleNumber,
                Offence = Math.Max(existing.Offence, incoming.Offence),
            }
            : incoming;

    /// <inheritdoc />
    public Task MarkBlocksRemovedAsync(IReadOnlyList<string> blockIds, DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var id in blockIds)
            {
                if (_blocks.TryGetValue(id, out var b) && b.InPlace)
                {
                    _blocks[id] = b with { RemovedAt = at, RemovedReason = reason };
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BlockRecord>> ListBlocksAsync(BlockQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = _blocks.Values.Where(b =>
                    (query.IncludeRemoved || b.InPlace) &&
                    (query.Address is null || b.Address == query.Address) &&
                    (query.Kind is null || b.Kind == query.Kind) &&
                    (query.Target is null || b.Target == query.Target) &&
                    (query.ExpiredBefore is null || b.ExpiresAt <= query.ExpiredBefore))
                .OrderBy(b => b.CreatedAt).ThenBy(b => b.Id, StringComparer.Ordinal)
                .Take(query.Limit)
                .ToList();
            return Task.FromResult<IReadOnlyList<BlockRecord>>(rows);
        }
    }

    /// <inheritdoc />
    public Task<BlockHistory> GetBlockHistoryAsync(IReadOnlyCollection<string> addresses, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var set = addresses as ISet<string> ?? new HashSet<string>(addresses, StringComparer.Ordinal);
            var rows = _blocks.Values.Where(b => set.Contains(b.Address)).ToList();
            var lastHour = _blocks.Values.Where(b => b.CreatedAt > now - TimeSpan.FromHours(1) && b.CreatedAt <= now).Select(b => b.Address).Distinct(StringComparer.Ordinal).Count();
            return Task.FromResult(BlockHistoryCalculator.From(rows, lastHour, now));
        }
    }

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _audit.Add(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = _audit.Where(a =>
                    (query.Subject is null || a.Subject == query.Subject) &&
                    (query.FindingId is null || a.FindingId == query.FindingId) &&
                    (query.Since is null || a.Time >= query.Since))
                .OrderBy(a => a.Time)
                .Take(query.Limit)
                .ToList();
            return Task.FromResult<IReadOnlyList<AuditEntry>>(rows);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
