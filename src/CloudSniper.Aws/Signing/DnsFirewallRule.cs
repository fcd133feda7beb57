namespace CloudSniper.Aws.Signing;

/// <summary>One DNS Firewall rule of a rule group: its name, domain list, priority, action and block response.</summary>
public sealed record DnsFirewallRule(string Name, string? DomainListId, int Priority, string Action, string? BlockResponse);
