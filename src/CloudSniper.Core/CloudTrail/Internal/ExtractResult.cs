namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>The outcome of extracting one object: its kind, the EventBridge detail-type, and where the detail object lies.</summary>
internal readonly record struct ExtractResult(ExtractKind Kind, string? DetailType, Range Detail);
