namespace CloudSniper.Core.Response;

/// <summary>The NIST SP 800-61 incident-handling phase an action belongs to.</summary>
public enum NistPhase
{
    DetectionAndAnalysis,
    Containment,
    Eradication,
    Recovery,
    PostIncident,
}
