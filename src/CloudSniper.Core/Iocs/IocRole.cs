namespace CloudSniper.Core.Iocs;

/// <summary>Why an indicator was taken from a finding.</summary>
public enum IocRole
{
    /// <summary>The remote side of an inbound connection, probe or login attempt.</summary>
    Attacker,

    /// <summary>The caller of an API from outside.</summary>
    ApiCaller,

    /// <summary>A command-and-control or malicious host our resource contacted.</summary>
    MaliciousHost,

    /// <summary>A domain our resource resolved.</summary>
    MaliciousDomain,

    /// <summary>An indicator a feed asserted.</summary>
    FeedIndicator,
}
