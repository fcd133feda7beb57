namespace CloudSniper.Core.Response.Actions;

/// <summary>Parameters shared by several actions.</summary>
public static class CommonParameters
{
    /// <summary><c>direction</c>: which remote addresses a block action takes.</summary>
    public static ActionParameter Direction { get; } = new("direction", ParameterType.Enum, "Which remote addresses to block: inbound (attackers), outbound (contacted hosts) or any (also feed indicators)", "any")
    {
        AllowedValues = [.. FindingAddresses.Directions],
    };

    /// <summary><c>ttl</c>: a block's first time to live.</summary>
    public static ActionParameter Ttl { get; } = new("ttl", ParameterType.Duration, "Time to live of a first block (doubles for repeat offenders up to the configured maximum); default from the configuration");
}
