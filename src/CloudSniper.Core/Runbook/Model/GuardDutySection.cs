namespace CloudSniper.Core.Runbook.Model;

/// <summary>The GuardDuty review.</summary>
public sealed record GuardDutySection
{
    public int Findings { get; init; }

    /// <summary>Port-probe findings left out of the AMI pivot.</summary>
    public int PortProbesDropped { get; init; }

    /// <summary>Sample findings (<c>service.additionalInfo.sample</c>) left out of the review, the AMI pivot and the correlation.</summary>
    public int SamplesIgnored { get; init; }

    public IReadOnlyList<ApiCallFinding> ApiCallFindings { get; init; } = [];

    public IReadOnlyList<GuardDutyAmi> ByAmi { get; init; } = [];

    /// <summary>Network findings whose instance carried no AMI id.</summary>
    public int WithoutAmi { get; init; }
}
