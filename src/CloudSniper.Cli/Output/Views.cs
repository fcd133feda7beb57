using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Output;

/// <summary>The columns and JSON shapes in which the CLI shows indicators, incidents and findings.</summary>
public static class Views
{
    public static IReadOnlyList<Column<Ioc>> IocColumns { get; } =
    [
        new("Value", i => i.Value, Whole: true),
        new("Type", i => i.Type.ToString().ToLowerInvariant()),
        new("Sightings", i => i.Sightings, AlignRight: true),
        new("First seen", i => i.FirstSeen, Drop: 3),
        new("Last seen", i => i.LastSeen),
        new("Sources", i => i.Sources, Drop: 1),
        new("Accounts", i => i.Accounts, Drop: 2),
        new("Conf.", i => i.Confidence, AlignRight: true, Drop: 4, Meaning: "confidence, 0-100"),
        new("Expires", i => i.ExpiresAt, Drop: 5),
    ];

    public static IReadOnlyList<Column<Incident>> IncidentColumns { get; } =
    [
        new("Id", i => i.Id, Whole: true),
        new("Kind", i => i.Kind.ToString().ToLowerInvariant(), Drop: 4),
        new("Key", i => i.Key, Whole: true),
        new("Findings", i => i.FindingIds.Length, AlignRight: true),
        new("Severity", i => $"{i.MaxSeverity:0.#} {i.Band}"),
        new("Types", i => i.Types.Length <= 1 ? string.Join(", ", i.Types) : $"{i.Types[0]} (+{i.Types.Length - 1})", Drop: 3),
        new("Last seen", i => i.LastSeen, Drop: 1),
        new("Account", i => i.AccountId, Drop: 2),
    ];

    public static IReadOnlyList<Column<Finding>> FindingColumns { get; } =
    [
        new("Id", f => f.Id, Whole: true),
        new("Source", f => f.Source.ToString().ToLowerInvariant(), Drop: 3),
        new("Type", f => f.Type.Raw, Drop: 7),
        new("Severity", f => $"{f.Severity:0.#} {f.Band}"),
        new("Account", f => f.AccountId, Drop: 4),
        new("Region", f => f.Region, Drop: 5),
        new("Resource", f => f.Resources.FirstOrDefault()?.Key, Drop: 1),
        new("Updated", f => f.UpdatedAt, Drop: 2),
        new("Sample", f => f.IsSample ? "yes" : "", Drop: 6),
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
