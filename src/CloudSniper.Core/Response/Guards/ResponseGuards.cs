using System.Globalization;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Internal;

namespace CloudSniper.Core.Response.Guards;

/// <summary>
/// The guards every plan passes through. Findings: samples, archived findings and findings below the minimum
/// severity are never acted on. Addresses: private, reserved and documentation ranges, the account's own VPC
/// CIDRs and Elastic IPs, AWS service ranges and allow-listed blocks are never blocked.
/// </summary>
public sealed class ResponseGuards
{
    private readonly AwsIpRanges _awsRanges;
    private readonly IpRangeSet _allowList;

    /// <summary>Creates the guards.</summary>
    public ResponseGuards(AwsIpRanges awsRanges, IEnumerable<IpNetwork> allowList, double minSeverity = 0)
    {
        _awsRanges = awsRanges;
        _allowList = IpRangeSet.Create(allowList.Select(n => (n, n.ToString())));
        MinSeverity = minSeverity;
    }

    /// <summary>Guards with no AWS ranges, no allow-list and no minimum severity (special ranges are always guarded).</summary>
    public static ResponseGuards Minimal { get; } = new(AwsIpRanges.Empty, []);

    /// <summary>Findings below this severity are never acted on.</summary>
    public double MinSeverity { get; }

    /// <summary>The AWS service ranges in use.</summary>
    public AwsIpRanges AwsRanges => _awsRanges;

    /// <summary>The decision that stops a finding from being acted on, or null when it may be.</summary>
    public GuardDecision? CheckFinding(Finding finding)
    {
        if (finding.IsSample)
        {
            return new GuardDecision(GuardKeys.SampleFinding, finding.Id, false, "sample finding: stored, never acted on");
        }

        if (finding.Archived)
        {
            return new GuardDecision(GuardKeys.Archived, finding.Id, false, "archived finding");
        }

        if (finding.Severity < MinSeverity)
        {
            return new GuardDecision(
                GuardKeys.MinSeverity,
                finding.Id,
                false,
                string.Create(CultureInfo.InvariantCulture, $"severity {finding.Severity:0.#} is below the minimum {MinSeverity:0.#}"));
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="network"/> must not be blocked (and which guard says so), or null when it may be. Does not
    /// allocate when the address passes.
    /// </summary>
    public string? CheckAddress(IpNetwork network, OwnNetworks? own, out string guard)
    {
        var cls = IpClassifier.Classify(network.Prefix);
        if (cls != IpClass.Public || !IpClassifier.IsPublicNetwork(network))
        {
            guard = GuardKeys.SpecialRange;
            return cls == IpClass.Public
                ? $"{network} is too wide or overlaps a special-purpose range"
                : $"{network} is a {Describe(cls)} address";
        }

        if (own?.Find(network) is { } mine)
        {
            guard = GuardKeys.OwnAddress;
            return $"{network} is the account's own ({mine})";
        }

        if (_awsRanges.Find(network) is { } aws)
        {
            guard = GuardKeys.AwsServiceRange;
            return $"{network} is in an AWS service range ({aws})";
        }

        if (_allowList.FindOverlapping(network) is { } allowed)
        {
            guard = GuardKeys.AllowList;
            return $"{network} is allow-listed ({allowed})";
        }

        guard = "";
        return null;
    }

    /// <summary>Every guard's verdict on an address, for <c>playbooks explain</c>.</summary>
    public GuardDecision Explain(IpNetwork network, OwnNetworks? own)
    {
        var reason = CheckAddress(network, own, out var guard);
        return reason is null
            ? new GuardDecision("address", network.ToString(), true, "public; not own, AWS or allow-listed")
            : new GuardDecision(guard, network.ToString(), false, reason);
    }

    private static string Describe(IpClass cls) => cls switch
    {
        IpClass.Private => "private",
        IpClass.Loopback => "loopback",
        IpClass.LinkLocal => "link-local",
        IpClass.CarrierGradeNat => "carrier-grade NAT",
        IpClass.Multicast => "multicast",
        IpClass.Documentation => "documentation",
        IpClass.Unspecified => "unspecified",
        IpClass.Broadcast => "broadcast",
        _ => "reserved",
    };
}
