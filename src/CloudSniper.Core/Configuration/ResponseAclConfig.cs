namespace CloudSniper.Core.Configuration;

/// <summary>Network-ACL settings of the response.</summary>
public sealed record ResponseAclConfig
{
    /// <summary>Lowest rule number the tool uses.</summary>
    public int RuleMin { get; init; } = 1;

    /// <summary>Highest rule number the tool uses (always below the ACL's first allow rule).</summary>
    public int RuleMax { get; init; } = 99;

    /// <summary>Entries per direction and IP family, default rule included; unset reads the applied quota from Service Quotas (else the AWS default, 20).</summary>
    public int? Quota { get; init; }
}
