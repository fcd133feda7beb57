namespace CloudSniper.Core.Response.Store;

/// <summary>
/// One block the tool made: an address in a WAF IP set, or one DENY entry (one direction) in a network ACL, with
/// its expiry. Rows are never deleted: removal sets <see cref="RemovedAt"/>, so history counts repeat offences.
/// </summary>
public sealed record BlockRecord
{
    /// <summary>A stable id derived from kind, target, address and direction (see <see cref="IdFor"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The blocked block in CIDR form (<c>203.0.113.7/32</c>).</summary>
    public required string Address { get; init; }

    /// <summary><see cref="BlockKind.Waf"/> or <see cref="BlockKind.NetworkAcl"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The IP set ARN or the network ACL id.</summary>
    public required string Target { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    /// <summary>WAF scope (REGIONAL, CLOUDFRONT) or, for ACL entries, null.</summary>
    public string? Scope { get; init; }

    /// <summary>For ACL entries: the rule number.</summary>
    public int? RuleNumber { get; init; }

    /// <summary>For ACL entries: true for the egress entry.</summary>
    public bool? Egress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>Why it was removed: expired, evicted (cap or quota), unblocked, undone, missing (removed by hand).</summary>
    public string? RemovedReason { get; init; }

    public string? FindingId { get; init; }

    public string? ActionId { get; init; }

    /// <summary>Which offence of this address this block is (1 for the first).</summary>
    public int Offence { get; init; } = 1;

    /// <summary>True while the block is in place (not removed), whether or not it has expired.</summary>
    public bool InPlace => RemovedAt is null;

    /// <summary>The stable id of a block: <c>blk-</c> and 16 hex digits of SHA-256(kind|target|address|direction).</summary>
    public static string IdFor(string kind, string target, string address, bool? egress = null)
    {
        var text = $"{kind}|{target}|{address}|{(egress is null ? "" : egress.Value ? "egress" : "ingress")}";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return "blk-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
