namespace CloudSniper.Core.Response;

/// <summary>How far the engine goes: record only, store the plan, or act.</summary>
public enum ResponseMode
{
    /// <summary>Match and audit; no plan is stored and nothing is done.</summary>
    Observe,

    /// <summary>Store and print the plan; nothing is done (the default).</summary>
    Plan,

    /// <summary>Execute the plan, except actions that need an approval.</summary>
    Enforce,
}
