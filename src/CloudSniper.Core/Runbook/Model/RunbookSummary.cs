namespace CloudSniper.Core.Runbook.Model;

/// <summary>The executive summary: check outcomes by status, service and region, headline counts and the top risks.</summary>
public sealed record RunbookSummary
{
    public IReadOnlyDictionary<string, int> ChecksByStatus { get; init; } = new Dictionary<string, int>();

    /// <summary>Per service, the count of each status.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ChecksByService { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>Per region, the count of each status.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ChecksByRegion { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    public long CloudTrailRecords { get; init; }

    public int Detections { get; init; }

    public int GuardDutyFindings { get; init; }

    public int InspectorFindings { get; init; }

    public int CorrelatedAmis { get; init; }

    public long RejectedRecords { get; init; }

    /// <summary>The most urgent items, one line each, most urgent first.</summary>
    public IReadOnlyList<string> TopRisks { get; init; } = [];
}
