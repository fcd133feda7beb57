using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Response.Store;

/// <summary>Sends response audit entries to the knowledge base's audit log.</summary>
public sealed class KnowledgeBaseAuditSink(IKnowledgeBase knowledgeBase) : IAuditSink
{
    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        knowledgeBase.AppendAuditAsync(entry, cancellationToken);
}
