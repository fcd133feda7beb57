using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Dns;

/// <summary>
/// Turns DNS detections into findings of source Analytics, the same model as GuardDuty's: the domain is the
/// indicator and the addresses its names resolved to are related indicators, the instances (else the source
/// addresses) are the affected resources that incidents group by, and playbooks match on the type.
/// </summary>
public static class DnsFindings
{
    /// <summary>The finding type of a DNS tunnel.</summary>
    public const string TunnelType = "Trojan:Network/DNSTunnel";

    /// <summary>The finding type of a DNS beacon.</summary>
    public const string BeaconType = "Backdoor:Network/DNSBeaconing";

    /// <summary>The finding type of a DGA source.</summary>
    public const string DgaType = "Trojan:Network/DGADomainRequest";

    /// <summary>The finding type of a query for a known-bad domain.</summary>
    public const string IndicatorType = "Trojan:Network/MaliciousDomainRequest";

    /// <summary>The finding type of a registered domain first seen from one source.</summary>
    public const string RareType = "Behavior:Network/FirstSeenDomainRequest";

    /// <summary>The finding type of a detection kind.</summary>
    public static string TypeOf(DnsDetectionKind kind) => kind switch
    {
        DnsDetectionKind.Tunnel => TunnelType,
        DnsDetectionKind.Beacon => BeaconType,
        DnsDetectionKind.Dga => DgaType,
        DnsDetectionKind.Rare => RareType,
        _ => IndicatorType,
    };

    /// <summary>
    /// One finding per detection. The id is derived from (kind, domain, sources), so a later run over the same activity
    /// updates the finding instead of adding another; severity runs from 5 to 8 with the score (a known-bad domain is 8).
    /// </summary>
    public static IReadOnlyList<FindingWithIocs> From(IReadOnlyList<DnsDetection> detections, DateTimeOffset now, string? accountId = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(detections);
        var list = new List<FindingWithIocs>(detections.Count);
        foreach (var d in detections)
        {
            var kind = d.Kind.ToString().ToLowerInvariant();
            var key = $"{kind}|{d.Domain}|{string.Join(",", d.Sources)}";
            var id = $"analytics-dns-{kind}-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
            var resources = d.Instances.Count > 0
                ? d.Instances.Select(i => new ResourceRef("Instance", i)).ToImmutableArray()
                : d.Sources.Select(s => new ResourceRef("Host", s)).ToImmutableArray();
            var finding = new Finding
            {
                Id = id,
                Source = FindingSource.Analytics,
                Type = FindingType.Parse(TypeOf(d.Kind)),
                // A first-seen domain is a lead, not a detection: low severity (GuardDuty's low band is 1 to 3.9).
                Severity = d.Kind switch { DnsDetectionKind.Ioc => 8, DnsDetectionKind.Rare => 2, _ => Math.Round(5 + (3 * Math.Clamp(d.Score, 0, 1)), 1) },
                AccountId = accountId,
                Region = region,
                Title = Title(d),
                Description = Describe(d),
                CreatedAt = now,
                UpdatedAt = now,
                FirstSeen = d.FirstSeen,
                LastSeen = d.LastSeen,
                Count = d.Queries,
                ResourceType = d.Instances.Count > 0 ? "Instance" : "Host",
                Resources = resources,
                Instances = [.. d.Instances.Select(i => new InstanceInfo(i, null, null, null, null, [], ImmutableDictionary<string, string>.Empty))],
                Action = ActionKind.DnsRequest,
                Domains = [d.Domain],
                Confidence = (int)Math.Round(d.Score * 100),
                MitreTactic = d.Kind == DnsDetectionKind.Tunnel ? "Exfiltration" : "CommandAndControl",
                Raw = JsonSerializer.Serialize(d.Evidence),
                Origin = "sniper dns",
            };
            var iocs = new List<IocObservation> { new(d.Domain, IocType.Domain, IocRole.MaliciousDomain, (int)Math.Round(d.Score * 100)) };
            foreach (var address in d.ResolvedAddresses)
            {
                if (IocValue.TryNormalize(address, out var value, out var type) && type is IocType.Ipv4 or IocType.Ipv6)
                {
                    // What the domain resolved to is related, not proven bad: a lower confidence.
                    iocs.Add(new IocObservation(value, type, IocRole.MaliciousHost, (int)Math.Round(d.Score * 50)));
                }
            }

            list.Add(new FindingWithIocs(finding, iocs));
        }

        return list;
    }

    private static string Title(DnsDetection d)
    {
        var who = d.Sources.Count == 1 ? d.Sources[0] : $"{d.Sources.Count} hosts";
        return d.Kind switch
        {
            DnsDetectionKind.Tunnel => $"{who} tunnels data through DNS names under {d.Domain}",
            DnsDetectionKind.Beacon => $"{who} queries {d.Domain} at a steady rhythm",
            DnsDetectionKind.Dga => $"{who} resolves many random-looking domains such as {d.Domain}",
            DnsDetectionKind.Rare => $"{who} resolved {d.Domain}, which the fleet had never resolved before",
            _ => $"{who} resolved the known-bad domain {d.Domain}",
        };
    }

    private static string Describe(DnsDetection d)
    {
        var evidence = string.Join(", ", d.Evidence.Select(e => $"{e.Key} {Format(e.Value)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{d.Queries} queries from {d.FirstSeen:u} to {d.LastSeen:u}; score {d.Score:0.000}; {evidence}.");
    }

    private static string Format(object value) => value switch
    {
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        IEnumerable<long> list => "[" + string.Join(", ", list) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
