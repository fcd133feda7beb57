using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Core.Response.Planning;

/// <summary>Everything a plan depends on besides the findings and the playbooks, so that planning stays a pure function.</summary>
public sealed record PlanningInput(string PlanId, DateTimeOffset Now, ResponseMode Mode)
{
    public BlockHistory History { get; init; } = BlockHistory.Empty;

    /// <summary>Own networks by <c>account|region</c>.</summary>
    public IReadOnlyDictionary<string, OwnNetworks> OwnNetworks { get; init; } = new Dictionary<string, OwnNetworks>();

    /// <summary>Record every guard decision (slower; for explain).</summary>
    public bool RecordDecisions { get; init; }

    /// <summary>The key of <see cref="OwnNetworks"/> for an account and region.</summary>
    public static string OwnKey(string? account, string? region) => (account ?? "") + "|" + (region ?? "");
}
