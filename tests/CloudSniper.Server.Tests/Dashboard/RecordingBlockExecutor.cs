using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>
/// Stands in for the AWS network-ACL executor at the cloud boundary of the browser tests: it records a block for each
/// planned address in the response store, as the real executor does after AWS accepted the entry, and marks blocks
/// removed on unblock. What the dashboard does around it (forms, tokens, the API's rules) is what is tested.
/// </summary>
internal sealed class RecordingBlockExecutor(string actionKey, string blockKind) : IBlockExecutor
{
    public string ActionKey => actionKey;

    public string BlockKind => blockKind;

    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var records = action.Blocks.Select(b => new BlockRecord
        {
            Id = BlockRecord.IdFor(blockKind, action.TargetKey, b.Address),
            Address = b.Address,
            Kind = blockKind,
            Target = action.TargetKey,
            AccountId = action.AccountId,
            Region = action.Region,
            CreatedAt = now,
            ExpiresAt = b.ExpiresAt,
            FindingId = b.FindingId,
            ActionId = action.Id,
            Offence = b.Offence,
        }).ToList();
        await context.Store.UpsertBlocksAsync(records, cancellationToken);
        return ActionOutcome.Executed($"blocked {records.Count} address(es) in {action.TargetKey}");
    }

    public async Task<ActionOutcome> RemoveBlocksAsync(IReadOnlyList<BlockRecord> blocks, string reason, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        await context.Store.MarkBlocksRemovedAsync([.. blocks.Select(b => b.Id)], context.Time.GetUtcNow(), reason, cancellationToken);
        return ActionOutcome.Executed($"removed {blocks.Count} block(s)");
    }
}
