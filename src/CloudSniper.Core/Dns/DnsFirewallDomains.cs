namespace CloudSniper.Core.Dns;

/// <summary>
/// What may go into a DNS Firewall block list: never an AWS service domain (blocking it would cut the account's own
/// instances off from the AWS APIs, SSM and the VPC's names) or an allow-listed one, and only names DNS Firewall
/// accepts, as the pair of specifications that covers a domain and everything under it.
/// </summary>
public static class DnsFirewallDomains
{
    /// <summary>AWS's service, console, certificate and VPC-internal domains, never blocked, nor anything under them.</summary>
    public static readonly IReadOnlyList<string> AwsServiceDomains =
        ["amazonaws.com", "amazonaws.com.cn", "api.aws", "on.aws", "aws", "amazon.com", "amazontrust.com", "awsstatic.com", "aws.dev", "internal"];

    /// <summary>Why <paramref name="domain"/> must not be blocked (an AWS service domain, an allow-listed one, or a name DNS Firewall refuses), or null when it may be.</summary>
    public static string? Refusal(string domain, IReadOnlyCollection<string> allowList)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(allowList);
        var name = domain.TrimEnd('.').ToLowerInvariant();
        if (AwsServiceDomains.FirstOrDefault(a => Covers(a, name) || Covers(name, a)) is { } aws)
        {
            return Covers(aws, name) ? $"{name} is an AWS service domain (under {aws})" : $"{name} holds the AWS service domain {aws}";
        }

        if (allowList.FirstOrDefault(a => Covers(a.TrimEnd('.').ToLowerInvariant(), name) || Covers(name, a.TrimEnd('.').ToLowerInvariant())) is { } allowed)
        {
            return $"{name} is allow-listed ({allowed})";
        }

        // A domain specification "can optionally start with * (asterisk)", otherwise holds only A-Z, a-z, 0-9 and - (and
        // the dots between labels), and is 1 to 255 characters long (UpdateFirewallDomains, Route 53 Resolver API).
        if (name.Length is 0 or > 253 || name.Split('.').Any(l => l.Length is 0 or > 63 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) || !name.Contains('.', StringComparison.Ordinal))
        {
            return $"'{domain}' is not a domain DNS Firewall accepts (letters, digits and hyphens in labels, at least two labels)";
        }

        return null;
    }

    /// <summary>
    /// The specifications that block <paramref name="domain"/> and every name under it: the domain itself and
    /// <c>*.domain</c>, since a wildcard matches the names below a domain and not the domain.
    /// </summary>
    public static IReadOnlyList<string> Specifications(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var name = domain.TrimEnd('.').ToLowerInvariant();
        return [name, "*." + name];
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="parent"/> or lies under it.</summary>
    private static bool Covers(string parent, string name) =>
        name == parent || (name.Length > parent.Length && name.EndsWith(parent, StringComparison.Ordinal) && name[^(parent.Length + 1)] == '.');
}
