namespace CloudSniper.Core.Findings;

/// <summary>
/// A finding type in GuardDuty's <c>ThreatPurpose:ResourceType/ThreatFamily.DetectionMechanism!Artifact</c>
/// grammar, parsed into its parts. Types from other sources keep <see cref="Raw"/> and whatever parts parse.
/// </summary>
public sealed record FindingType(
    string Raw,
    string? ThreatPurpose,
    string? ResourceType,
    string? ThreatFamily,
    string? DetectionMechanism,
    string? Artifact)
{
    /// <summary>Parses a type name; never throws, an unknown shape keeps only <see cref="Raw"/>.</summary>
    public static FindingType Parse(string? raw)
    {
        raw ??= "";
        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        var slash = raw.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 0 || slash <= colon)
        {
            return new FindingType(raw, null, null, null, null, null);
        }

        var purpose = raw[..colon];
        var resource = raw[(colon + 1)..slash];
        var rest = raw[(slash + 1)..];
        string? artifact = null;
        var bang = rest.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            artifact = rest[(bang + 1)..];
            rest = rest[..bang];
        }

        string family = rest;
        string? mechanism = null;
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            family = rest[..dot];
            mechanism = rest[(dot + 1)..];
        }

        return new FindingType(raw, purpose, resource, family, mechanism, artifact);
    }

    /// <inheritdoc />
    public override string ToString() => Raw;
}
