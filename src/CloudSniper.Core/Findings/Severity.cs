namespace CloudSniper.Core.Findings;

/// <summary>Maps GuardDuty-style numeric severities (0–10) to bands and back.</summary>
public static class Severity
{
    /// <summary>The band of a numeric severity: low &lt; 4, medium &lt; 7, high &lt; 9, critical otherwise.</summary>
    public static SeverityBand BandOf(double score) => score switch
    {
        < 4 => SeverityBand.Low,
        < 7 => SeverityBand.Medium,
        < 9 => SeverityBand.High,
        _ => SeverityBand.Critical,
    };

    /// <summary>A representative numeric score for a label such as ASFF's <c>HIGH</c> or Inspector's <c>CRITICAL</c>.</summary>
    public static double FromLabel(string? label) => label?.ToUpperInvariant() switch
    {
        "CRITICAL" => 9.0,
        "HIGH" => 7.0,
        "MEDIUM" => 4.0,
        "LOW" => 1.0,
        "INFORMATIONAL" or "UNTRIAGED" => 0.0,
        _ => 0.0,
    };
}
