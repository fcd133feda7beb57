namespace CloudSniper.Core.Iocs;

/// <summary>One indicator extracted from one finding: what the knowledge base records as a sighting.</summary>
public sealed record IocObservation(string Value, IocType Type, IocRole Role, int Confidence);
