namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>What a top-level JSON object turned out to be.</summary>
internal enum ExtractKind
{
    Record,
    Envelope,
    RecordsWrapper,
    NotAnObject,
    NotCloudTrail,
    EnvelopeWithoutDetail,
}
