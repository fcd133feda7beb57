namespace CloudSniper.Core.Runbook.Model;

/// <summary>
/// Everything one runbook run found; the JSON report is this record serialised (schema:
/// <c>schemas/runbook-report.schema.json</c>, version <see cref="SchemaVersion"/>).
/// </summary>
public sealed record RunbookReport
{
    /// <summary>The report schema version; bumped on any incompatible change.</summary>
    public string SchemaVersion { get; init; } = "1.1";

    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary><c>offline</c> (from files) or <c>live</c> (from AWS).</summary>
    public string Mode { get; init; } = "offline";

    public RunbookSummary Summary { get; init; } = new();

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    public CloudTrailSection CloudTrail { get; init; } = new();

    public IReadOnlyList<Detection> Detections { get; init; } = [];

    public RulesSummary Rules { get; init; } = new(0, []);

    public GuardDutySection GuardDuty { get; init; } = new();

    public InspectorSection Inspector { get; init; } = new();

    public IReadOnlyList<CorrelatedAmi> Correlation { get; init; } = [];

    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];

    /// <summary>The IAM review (credential report, or live with <c>--live</c>), when it was part of the run.</summary>
    public IamSection? Iam { get; init; }

    /// <summary>Differences from the previous report, when one was found.</summary>
    public ChangeSummary? Changes { get; init; }
}
