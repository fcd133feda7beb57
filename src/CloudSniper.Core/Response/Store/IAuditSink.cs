using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Response.Store;

/// <summary>Where response audit entries go: the knowledge base's audit log, or the response store's own.</summary>
public interface IAuditSink
{
    /// <summary>Appends one entry; entries are never changed.</summary>
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}
