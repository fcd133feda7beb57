using System.Text.Json;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Security;

namespace CloudSniper.Server.Api;

/// <summary>Writes the audit entry of a state change made through the API, under the key's name.</summary>
public static class ApiAudit
{
    public static Task WriteAsync(ServerServices services, Caller caller, string action, string subject, string outcome, string? findingId, object details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(caller);
        return services.KnowledgeBase.AppendAuditAsync(
            new AuditEntry(Guid.NewGuid().ToString("n"), services.Time.GetUtcNow(), caller.Actor, action, subject, outcome, findingId, JsonSerializer.Serialize(details, ApiJson.Options)),
            cancellationToken);
    }
}
