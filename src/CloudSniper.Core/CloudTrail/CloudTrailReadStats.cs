namespace CloudSniper.Core.CloudTrail;

/// <summary>What one input gave: records accepted, records rejected and bytes read (after decompression).</summary>
public sealed record CloudTrailReadStats(string Source, long Records, long Rejected, long Bytes);
