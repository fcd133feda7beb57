namespace CloudSniper.Core.Response;

/// <summary>The narrowest resources (and condition) an IAM action can be granted on, after the Service Authorization Reference.</summary>
/// <param name="Name">Names the statement the action goes into (letters and digits).</param>
/// <param name="Resources">Resource ARN patterns.</param>
/// <param name="Condition">An optional condition that narrows it further.</param>
public sealed record PermissionScope(
    string Name,
    IReadOnlyList<string> Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string[]>>? Condition = null);
