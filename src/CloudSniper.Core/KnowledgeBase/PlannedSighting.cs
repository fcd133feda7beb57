using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>A sighting a commit will record, with what the indicator itself learns from it.</summary>
public sealed record PlannedSighting(Sighting Sighting, IocType Type, int Confidence);
