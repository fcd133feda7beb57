using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Output;

/// <summary>The columns and JSON shapes in which the CLI shows indicators, incidents and findings.</summary>
public static class Views
{
    public static IReadOnlyList<Column<Ioc>> IocColumns { get; } =
    [
        new("Value", i => i.Value),
        new("Type", i => i.Type.ToString().ToLowerInvariant()),
        new("Sightings", i => i.Sightings, AlignRight: true),
        new("First seen", i => i.FirstSeen),
        new("Last seen", i => i.LastSeen),
        new("Sources", i => i.Sources),
        new("Accounts", i => i.Accounts),
        new("Conf.", i => i.Confidence, AlignRight: true),
        new("Expires", i => i.ExpiresAt),
    ];

    public static IReadOnlyList<Column<Incident>> IncidentColumns { get; } =
    [
        new("Id", i => i.Id),
        new("Kind", i => i.Kind.ToString().ToLowerInvariant()),
        new("Key", i => i.Key),
        new("Findings", i => i.FindingIds.Length, AlignRight: true),
        new("Severity", i => $"{i.MaxSeverity:0.#} {i.Band}"),
        new("Types", i => i.Types.Length <= 1 ? string.Join(", ", i.Types) : $"{i.Types[0]} (+{i.Types.Length - 1})"),
        new("Last seen", i => i.LastSeen),
        new("Account", i => i.AccountId),
    ];

    public static IReadOnlyList<Column<Finding>> FindingColumns { get; } =
    [
        new("Id", f => f.Id.Length > 24 ? f.Id[..23] + "…" : f.Id),
        new("Source", f => f.Source.ToString().ToLowerInvariant()),
        new("Type", f => f.Type.Raw),
        new("Severity", f => $"{f.Severity:0.#} {f.Band}"),
        new("Account", f => f.AccountId),
        new("Region", f => f.Region),
        new("Resource", f => f.Resources.FirstOrDefault()?.Key),
        new("Updated", f => f.UpdatedAt),
        new("Sample", f => f.IsSample ? "yes" : ""),
    ];

    /// <summary>The JSON shape of a finding in listings (the raw document only in <c>show</c>).</summary>
    public static object FindingJson(Finding f) => new
    {
        f.Id,
        source = f.Source,
        type = f.Type.Raw,
        f.Severity,
        band = f.Band,
        f.AccountId,
        f.Region,
        f.Title,
        f.UpdatedAt,
        f.FirstSeen,
        f.LastSeen,
        f.Count,
        resources = f.Resources.Select(r => r.Key),
        remoteIps = f.RemoteIps.Select(r => new { r.Address, direction = r.Direction, r.RemotePort, r.Country, r.AsnOrg }),
        f.Domains,
        f.MitreTactic,
        f.IsSample,
    };
}
