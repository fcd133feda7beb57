namespace CloudSniper.Core.Findings;

/// <summary>Severity band of a finding: low &lt; 4, medium &lt; 7, high &lt; 9, critical otherwise.</summary>
public enum SeverityBand
{
    Low,
    Medium,
    High,
    Critical,
}
