using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Tests.Response;

/// <summary>An executor that records what it was asked to do and answers as told.</summary>
internal sealed class FakeExecutor(string key, Func<PlannedAction, ActionOutcome>? answer = null, string? blockKind = null) : IBlockExecutor, IUndoableExecutor
{
    public List<PlannedAction> Executed { get; } = [];

    public List<(IReadOnlyList<BlockRecord> Blocks, string Reason)> Removed { get; } = [];

    public List<ActionRecord> Undone { get; } = [];

    public string ActionKey => key;

    public string BlockKind => blockKind ?? "none";

    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        Executed.Add(action);
        var outcome = answer?.Invoke(action) ?? ActionOutcome.Executed("done") with { Undo = "{\"x\":1}" };
        if (blockKind is not null && outcome.Status == ActionStatus.Executed)
        {
            var now = context.Now;
            await context.Store.UpsertBlocksAsync(
                [.. action.Blocks.Select(b => new BlockRecord
                {
                    Id = BlockRecord.IdFor(blockKind, "target-" + key, b.Address),
                    Address = b.Address,
                    Kind = blockKind,
                    Target = "target-" + key,
                    CreatedAt = now,
                    ExpiresAt = now + b.Ttl,
                    ActionId = action.Id,
                    FindingId = b.FindingId,
                    Offence = b.Offence,
                })],
                cancellationToken);
        }

        return outcome;
    }

    public async Task<ActionOutcome> RemoveBlocksAsync(IReadOnlyList<BlockRecord> blocks, string reason, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        Removed.Add((blocks, reason));
        await context.Store.MarkBlocksRemovedAsync([.. blocks.Select(b => b.Id)], context.Now, reason, cancellationToken);
        return ActionOutcome.Executed($"removed {blocks.Count}");
    }

    public Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        Undone.Add(record);
        return Task.FromResult(ActionOutcome.Executed("restored"));
    }
}
