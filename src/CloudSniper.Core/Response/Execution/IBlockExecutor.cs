using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Response.Execution;

/// <summary>An executor of blocks of one <see cref="BlockKind"/> that can also remove them (expiry, unblock, undo).</summary>
public interface IBlockExecutor : IActionExecutor
{
    /// <summary>The <see cref="BlockKind"/> this executor manages.</summary>
    string BlockKind { get; }

    /// <summary>Removes <paramref name="blocks"/> (all of one target) from AWS and marks them removed with <paramref name="reason"/>.</summary>
    Task<ActionOutcome> RemoveBlocksAsync(IReadOnlyList<BlockRecord> blocks, string reason, ActionExecutionContext context, CancellationToken cancellationToken);
}
