namespace CloudSniper.Core.Findings;

/// <summary>Where a finding came from.</summary>
public enum FindingSource
{
    GuardDuty,
    SecurityHub,
    Inspector,
    Analytics,
    Feed,
}
