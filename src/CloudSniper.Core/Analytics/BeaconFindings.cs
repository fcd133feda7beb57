using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloudSniper.Core.Analytics.Reports;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Analytics;

/// <summary>Turns beacons into findings of source Analytics, each with its destination as an indicator, so that playbooks can act on them.</summary>
public static class BeaconFindings
{
    /// <summary>The finding type of a beacon: playbooks match on it.</summary>
    public const string Type = "Backdoor:Network/Beaconing";

    /// <summary>
    /// One finding per beacon. The id is derived from (source, destination, port, protocol), so a later run updates
    /// the same finding instead of adding another; severity runs from 5 at the threshold to 8 for a perfect score.
    /// </summary>
    public static IReadOnlyList<FindingWithIocs> From(IReadOnlyList<Beacon> beacons, DateTimeOffset now, string? accountId = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(beacons);
        var type = FindingType.Parse(Type);
        var list = new List<FindingWithIocs>(beacons.Count);
        foreach (var b in beacons)
        {
            var dst = b.Dst.ToString();
            var src = b.Src.ToString();
            var port = b.AcrossPorts ? "*" : b.DstPort.ToString(CultureInfo.InvariantCulture);
            var id = "analytics-beacon-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{src}|{dst}|{port}|{b.Protocol}")))[..24];
            var proto = BeaconHtmlReport.ProtocolName(b.Protocol);
            var finding = new Finding
            {
                Id = id,
                Source = FindingSource.Analytics,
                Type = type,
                Severity = Math.Round(5 + (3 * Math.Clamp((b.Score - 0.65) / 0.35, 0, 1)), 1),
                AccountId = accountId,
                Region = region,
                Title = $"{src} beacons to {dst}:{port}/{proto} every {BeaconHtmlReport.Duration(b.Period)}",
                Description = string.Create(CultureInfo.InvariantCulture,
                    $"{b.Connections} connections from {b.FirstSeen:u} to {b.LastSeen:u}, period about {b.Period:0} s; score {b.Score:0.000} (timestamp {b.TimestampScore:0.000}, data size {b.DataSizeScore:0.000}, histogram {b.HistogramScore:0.000}, duration {b.DurationScore:0.000}, periodicity {b.PeriodicityScore:0.000}, prevalence {b.PrevalenceScore:0.000}); {b.Prevalence} internal host(s) talk to the destination."),
                CreatedAt = now,
                UpdatedAt = now,
                FirstSeen = b.FirstSeen,
                LastSeen = b.LastSeen,
                Count = b.Connections,
                ResourceType = "Host",
                Resources = [new ResourceRef("Host", src)],
                Action = ActionKind.NetworkConnection,
                RemoteIps = [new RemoteIp(dst, NetworkDirection.Outbound, ActionKind.NetworkConnection, b.DstPort, null, proto.ToUpperInvariant())],
                MitreTactic = "CommandAndControl",
                Raw = "",
                Origin = "sniper beacons",
            };
            var iocType = b.Dst.IsIPv4 ? IocType.Ipv4 : IocType.Ipv6;
            list.Add(new FindingWithIocs(finding, [new IocObservation(dst, iocType, IocRole.MaliciousHost, (int)Math.Round(b.Score * 100))]));
        }

        return list;
    }
}
