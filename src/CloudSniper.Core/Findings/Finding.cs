using System.Collections.Immutable;

namespace CloudSniper.Core.Findings;

/// <summary>
/// A finding from any source, normalised. Parsers fill what their source carries; everything else stays
/// empty. <see cref="Raw"/> keeps the original document so that nothing the model lacks is lost.
/// </summary>
public sealed record Finding
{
    /// <summary>The source's own id (GuardDuty finding id, ASFF <c>Id</c>, …).</summary>
    public required string Id { get; init; }

    public required FindingSource Source { get; init; }

    public required FindingType Type { get; init; }

    /// <summary>Numeric severity on GuardDuty's 0–10 scale.</summary>
    public double Severity { get; init; }

    public SeverityBand Band => Findings.Severity.BandOf(Severity);

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? Partition { get; init; }

    public string Title { get; init; } = "";

    public string? Description { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the source last updated the finding; re-ingesting an equal or older one changes nothing.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>How many times the source observed the activity (GuardDuty's <c>service.count</c>).</summary>
    public long Count { get; init; } = 1;

    /// <summary>The affected resource type as the source names it (Instance, AccessKey, S3Bucket, EKSCluster, …).</summary>
    public string? ResourceType { get; init; }

    public ImmutableArray<InstanceInfo> Instances { get; init; } = [];

    public ImmutableArray<AccessKeyInfo> AccessKeys { get; init; } = [];

    /// <summary>Every affected resource, instances and keys included, for grouping into incidents.</summary>
    public ImmutableArray<ResourceRef> Resources { get; init; } = [];

    public ActionKind Action { get; init; }

    public ImmutableArray<RemoteIp> RemoteIps { get; init; } = [];

    public ImmutableArray<string> Domains { get; init; } = [];

    public ImmutableArray<string> UserAgents { get; init; } = [];

    public ImmutableArray<ApiCall> ApiCalls { get; init; } = [];

    /// <summary>Indicators a feed or third party asserts directly (value as given: IP, CIDR, domain or URL).</summary>
    public ImmutableArray<string> Indicators { get; init; } = [];

    /// <summary>The confidence (0–100) the source itself states (ASFF <c>Confidence</c>, a feed's confidence), when it states one.</summary>
    public int? Confidence { get; init; }

    /// <summary>The product or feed that produced the finding (ASFF <c>ProductName</c>, the feed's name), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>The MITRE ATT&amp;CK tactic, from the threat purpose or the source's own mapping.</summary>
    public string? MitreTactic { get; init; }

    /// <summary>True for GuardDuty sample findings (<c>service.additionalInfo.sample</c>); stored, never acted on.</summary>
    public bool IsSample { get; init; }

    /// <summary>Whether the source archived the finding.</summary>
    public bool Archived { get; init; }

    /// <summary>The original document, as UTF-8 JSON text (or the feed line it came from).</summary>
    public string Raw { get; init; } = "";

    /// <summary>Where the finding was read from: file, line or offset.</summary>
    public string? Origin { get; init; }
}
