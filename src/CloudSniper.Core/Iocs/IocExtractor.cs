using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Iocs;

/// <summary>
/// Extracts the indicators of compromise a finding supports. Pure: the same finding always gives the same list.
/// </summary>
/// <remarks>
/// <para>Rules, in order:</para>
/// <list type="bullet">
/// <item>Sample findings and archived ones (suppression rules archive what the team judged benign) give none.</item>
/// <item>Feed findings give their indicators (IPs, CIDRs, domains, URLs) as <see cref="IocRole.FeedIndicator"/>.</item>
/// <item>The remote address of an inbound connection, of a port probe (every probing address) and of an RDS
/// login attempt is an <see cref="IocRole.Attacker"/>; of an AWS or Kubernetes API call an <see cref="IocRole.ApiCaller"/>
/// (not for <c>Policy:*</c> types); of an outbound connection to a C2 or malicious host a <see cref="IocRole.MaliciousHost"/>
/// (<see cref="IocRules.IsMaliciousOutbound"/>). The remote side of an outbound attack from our resource is a victim and
/// never an IOC (<see cref="IocRules.IsOutboundAttack"/>). An attack sequence's endpoints are attackers (malicious hosts
/// when outbound).</item>
/// <item>The domain of a DNS finding, of a malicious outbound connection and of an attack sequence endpoint is a
/// <see cref="IocRole.MaliciousDomain"/>; indicators a third party states on its finding are feed indicators.</item>
/// <item>Private, reserved, loopback, link-local, CGNAT, multicast and documentation addresses (IPv4 and IPv6) are
/// never IOCs (<see cref="IocValue.IsBlockable"/>); a value found twice in one finding is kept once, with its highest confidence.</item>
/// </list>
/// <para>Confidence (0–100): a malicious host or domain GuardDuty matched on threat intelligence 90; an inbound
/// attacker 80 (a port probe 70, a brute force 85); an API caller 70. Threat-list and Tor caller types
/// (<c>MaliciousIPCaller</c>, <c>TorIPCaller</c>) and instance credential exfiltration raise it to 90; Tor entry
/// nodes and "suspicious" reputation types lower it to 60; machine-learning anomalies (<c>AnomalousBehavior</c>) to 50.
/// Attack sequence endpoints 75. Findings of third-party products (Security Hub types outside GuardDuty's grammar)
/// count 20 less. Feeds and third-party indicators keep the confidence they state, else 60 (feeds) or 50 (third parties).</para>
/// </remarks>
public static class IocExtractor
{
    /// <summary>The indicators <paramref name="finding"/> supports, each once, in the order found.</summary>
    public static IReadOnlyList<IocObservation> Extract(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.IsSample || finding.Archived)
        {
            return [];
        }

        var found = new List<IocObservation>();
        if (finding.Source == FindingSource.Feed)
        {
            foreach (var indicator in finding.Indicators)
            {
                Add(found, indicator, IocRole.FeedIndicator, Clamp(finding.Confidence ?? 60), addressOnly: false);
            }

            return found;
        }

        var sequence = finding.Type.ThreatPurpose == "AttackSequence";
        foreach (var remote in finding.RemoteIps)
        {
            if (RoleOf(finding, remote, sequence) is { } role)
            {
                Add(found, remote.Address, role, ConfidenceOf(finding, role, remote.Action, sequence), addressOnly: true);
            }
        }

        if (finding.Action == ActionKind.DnsRequest || sequence
            || (finding.Action == ActionKind.NetworkConnection && IocRules.IsMaliciousOutbound(finding.Type, finding.MitreTactic)
                && finding.RemoteIps.Any(r => r.Direction == NetworkDirection.Outbound)))
        {
            foreach (var domain in finding.Domains)
            {
                Add(found, domain, IocRole.MaliciousDomain, ConfidenceOf(finding, IocRole.MaliciousDomain, finding.Action, sequence), addressOnly: false, domainOnly: true);
            }
        }

        foreach (var indicator in finding.Indicators)
        {
            Add(found, indicator, IocRole.FeedIndicator, Clamp(finding.Confidence ?? 50), addressOnly: false);
        }

        return found;
    }

    private static IocRole? RoleOf(Finding finding, RemoteIp remote, bool sequence)
    {
        switch (remote.Action)
        {
            case ActionKind.PortProbe:
            case ActionKind.RdsLoginAttempt:
                return IocRole.Attacker;
            case ActionKind.AwsApiCall:
            case ActionKind.KubernetesApiCall:
                return IocRules.IsHostileApiCall(finding.Type) ? IocRole.ApiCaller : null;
            case ActionKind.NetworkConnection:
                return remote.Direction switch
                {
                    NetworkDirection.Inbound => IocRole.Attacker,
                    NetworkDirection.Outbound when IocRules.IsMaliciousOutbound(finding.Type, finding.MitreTactic) => IocRole.MaliciousHost,
                    _ => null,
                };
            case ActionKind.Unknown when sequence:
                return remote.Direction == NetworkDirection.Outbound ? IocRole.MaliciousHost : IocRole.Attacker;
            default:
                return null;
        }
    }

    private static int ConfidenceOf(Finding finding, IocRole role, ActionKind action, bool sequence)
    {
        var raw = finding.Type.Raw;
        var confidence = role switch
        {
            IocRole.MaliciousHost or IocRole.MaliciousDomain => 90,
            IocRole.ApiCaller => 70,
            _ when action == ActionKind.PortProbe => 70,
            _ when raw.Contains("BruteForce", StringComparison.Ordinal) => 85,
            _ => 80,
        };

        if (sequence)
        {
            confidence = 75;
        }

        if (raw.Contains("MaliciousIPCaller", StringComparison.Ordinal) || raw.Contains("TorIPCaller", StringComparison.Ordinal)
            || raw.Contains("InstanceCredentialExfiltration", StringComparison.Ordinal))
        {
            confidence = Math.Max(confidence, 90);
        }

        if (raw.Contains("TorClient", StringComparison.Ordinal) || raw.Contains("Suspicious", StringComparison.Ordinal))
        {
            confidence = Math.Min(confidence, 60);
        }

        if (raw.Contains("AnomalousBehavior", StringComparison.Ordinal))
        {
            confidence = Math.Min(confidence, 50);
        }

        if (finding.Source == FindingSource.SecurityHub && finding.Type.ThreatPurpose is null)
        {
            confidence -= 20;
        }

        return Clamp(confidence);
    }

    private static int Clamp(int confidence) => Math.Clamp(confidence, 0, 100);

    private static void Add(List<IocObservation> found, string? text, IocRole role, int confidence, bool addressOnly, bool domainOnly = false)
    {
        if (!IocValue.TryNormalize(text, out var value, out var type))
        {
            return;
        }

        if ((addressOnly && type is not (IocType.Ipv4 or IocType.Ipv6)) || (domainOnly && type != IocType.Domain) || !IocValue.IsBlockable(value, type))
        {
            return;
        }

        var index = found.FindIndex(o => o.Value == value);
        if (index < 0)
        {
            found.Add(new IocObservation(value, type, role, confidence));
        }
        else if (found[index].Confidence < confidence)
        {
            found[index] = new IocObservation(value, type, role, confidence);
        }
    }
}
