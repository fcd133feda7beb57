using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Iocs;

/// <summary>
/// What a finding type says about its remote side: whether our resource attacked it (a victim) or reached a
/// command-and-control or otherwise malicious host. Types follow GuardDuty's grammar.
/// </summary>
public static class IocRules
{
    /// <summary>
    /// True when an outbound connection of this type is an attack from our resource, so the remote address is
    /// a victim: brute force (<c>Impact:*/…BruteForce</c>, <c>UnauthorizedAccess:EC2/SSHBruteForce</c> outbound),
    /// port scans and sweeps (<c>Recon:EC2/Portscan</c>, <c>Impact:EC2/PortSweep</c>), denial of service
    /// (<c>Backdoor:EC2/DenialOfService.*</c>) and spam (<c>Backdoor:EC2/Spambot</c>).
    /// </summary>
    public static bool IsOutboundAttack(FindingType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var family = type.ThreatFamily ?? "";
        return type.ThreatPurpose switch
        {
            "Impact" => family.EndsWith("BruteForce", StringComparison.Ordinal) || family is "PortSweep" or "MassIPScan",
            "UnauthorizedAccess" => family.EndsWith("BruteForce", StringComparison.Ordinal),
            "Recon" => family is "Portscan" or "PortScan",
            "Backdoor" => family is "DenialOfService" or "Spambot",
            _ => false,
        };
    }

    /// <summary>
    /// True when an outbound connection of this type reached a host known to be malicious: command and control
    /// (<c>Backdoor:*</c>), <c>Trojan:*</c>, mining pools (<c>CryptoCurrency:*</c>), threat-list hits
    /// (<c>…MaliciousIPCaller…</c>), Tor entry nodes (<c>…TorClient</c>), reverse shells; for other products,
    /// a command-and-control or exfiltration tactic. Outbound attacks (<see cref="IsOutboundAttack"/>) are excluded.
    /// </summary>
    public static bool IsMaliciousOutbound(FindingType type, string? mitreTactic = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsOutboundAttack(type))
        {
            return false;
        }

        var family = type.ThreatFamily ?? "";
        if (type.ThreatPurpose is "Backdoor" or "Trojan" or "CryptoCurrency"
            || type.Raw.Contains("MaliciousIPCaller", StringComparison.Ordinal)
            || family is "TorClient" or "ReverseShell" or "BlackholeTraffic" or "DropPoint")
        {
            return true;
        }

        // Other products' types do not follow GuardDuty's grammar; their tactic still says where traffic went.
        return type.ThreatPurpose is null && mitreTactic is "Command and Control" or "Exfiltration";
    }

    /// <summary>
    /// True when the caller of an API call of this type may be an IOC: every API-call finding except
    /// <c>Policy:*</c>, which flags configuration changes typically made by the account's own administrators.
    /// </summary>
    public static bool IsHostileApiCall(FindingType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.ThreatPurpose != "Policy";
    }
}
