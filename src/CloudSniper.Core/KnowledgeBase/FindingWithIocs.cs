using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>A finding and the indicators extracted from it, ready to commit.</summary>
public sealed record FindingWithIocs(Finding Finding, IReadOnlyList<IocObservation> Iocs);
