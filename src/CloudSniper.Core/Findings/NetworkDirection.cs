namespace CloudSniper.Core.Findings;

/// <summary>Direction of a connection as seen from the affected resource.</summary>
public enum NetworkDirection
{
    Unknown,
    Inbound,
    Outbound,
}
