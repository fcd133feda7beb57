namespace CloudSniper.Core.Access;

/// <summary>What an API key may do; each role includes the ones before it.</summary>
public enum ApiRole
{
    /// <summary>Reads findings, incidents, indicators, blocks, plans, audit and reports.</summary>
    Viewer = 0,

    /// <summary>Also approves and rejects plans, unblocks, undoes actions, adds notes and closes incidents.</summary>
    Responder = 1,

    /// <summary>Also manages keys, jobs and configuration.</summary>
    Admin = 2,
}
