namespace CloudSniper.Core.Iam;

/// <summary>The credential report's columns for one of a user's two access keys (<c>access_key_1_*</c> or <c>access_key_2_*</c>).</summary>
/// <param name="Number">1 or 2, as the report numbers the keys.</param>
/// <param name="Active">True when the user has this key and its status is Active.</param>
/// <param name="LastRotated">When the key was created or last changed; null for <c>N/A</c> (no such key).</param>
/// <param name="LastUsed">When the key last signed a request; null for <c>N/A</c> (never used, or no such key).</param>
/// <param name="LastUsedRegion">The region of that last use, or null.</param>
/// <param name="LastUsedService">The service namespace of that last use, or null.</param>
public sealed record AccessKeyColumns(
    int Number,
    bool Active,
    DateTimeOffset? LastRotated,
    DateTimeOffset? LastUsed,
    string? LastUsedRegion,
    string? LastUsedService);
