using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Store;

/// <summary>
/// The response engine's state: plans, approvals, action records for undo, and blocks with their expiry. Kept
/// apart from the knowledge base's tables. Implementations: in memory, SQLite.
/// </summary>
public interface IResponseStore : IAuditSink, IAsyncDisposable
{
    /// <summary>Creates tables if absent; safe to call again.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) a plan and indexes its action ids.</summary>
    Task SavePlanAsync(ResponsePlan plan, CancellationToken cancellationToken = default);

    Task<ResponsePlan?> GetPlanAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary>The id of the plan an action belongs to, or null.</summary>
    Task<string?> FindPlanOfActionAsync(string actionId, CancellationToken cancellationToken = default);

    /// <summary>The most recent plans, newest first.</summary>
    Task<IReadOnlyList<ResponsePlan>> ListPlansAsync(int limit, CancellationToken cancellationToken = default);

    Task RecordApprovalAsync(Approval approval, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Approval>> ListApprovalsAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the record of an executed action.</summary>
    Task SaveActionRecordAsync(ActionRecord record, CancellationToken cancellationToken = default);

    Task<ActionRecord?> GetActionRecordAsync(string actionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or refreshes blocks by id: a block in place keeps its creation time and gets the later expiry; a
    /// removed one is put back in place with the new creation time, expiry and offence.
    /// </summary>
    Task UpsertBlocksAsync(IReadOnlyList<BlockRecord> blocks, CancellationToken cancellationToken = default);

    /// <summary>Marks blocks removed (never deletes them).</summary>
    Task MarkBlocksRemovedAsync(IReadOnlyList<string> blockIds, DateTimeOffset at, string reason, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BlockRecord>> ListBlocksAsync(BlockQuery query, CancellationToken cancellationToken = default);

    /// <summary>The block history of <paramref name="addresses"/> and the number of addresses newly blocked in the hour before <paramref name="now"/>.</summary>
    Task<BlockHistory> GetBlockHistoryAsync(IReadOnlyCollection<string> addresses, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The store's own audit log, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
