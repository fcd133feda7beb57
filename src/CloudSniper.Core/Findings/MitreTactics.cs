namespace CloudSniper.Core.Findings;

/// <summary>Maps GuardDuty threat purposes to MITRE ATT&amp;CK tactics.</summary>
public static class MitreTactics
{
    /// <summary>The ATT&amp;CK tactic for a threat purpose, or null when the purpose has none (for example <c>Policy</c>).</summary>
    public static string? FromThreatPurpose(string? purpose) => purpose switch
    {
        "Backdoor" => "Command and Control",
        "Behavior" => null,
        "CryptoCurrency" => "Impact",
        "CredentialAccess" => "Credential Access",
        "DefenseEvasion" => "Defense Evasion",
        "Discovery" => "Discovery",
        "Execution" => "Execution",
        "Exfiltration" => "Exfiltration",
        "Impact" => "Impact",
        "InitialAccess" => "Initial Access",
        "Pentest" => "Discovery",
        "Persistence" => "Persistence",
        "Policy" => null,
        "PrivilegeEscalation" => "Privilege Escalation",
        "Recon" => "Reconnaissance",
        "Stealth" => "Defense Evasion",
        "Trojan" => "Command and Control",
        "UnauthorizedAccess" => "Initial Access",
        "Object" => "Execution",
        "AttackSequence" => "Multiple",
        _ => null,
    };
}
