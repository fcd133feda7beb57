namespace CloudSniper.Core.Response;

/// <summary>One statement of an IAM policy: an effect, actions, resources and an optional condition block.</summary>
/// <param name="Sid">The statement id: letters and digits, unique in the policy.</param>
/// <param name="Actions">The IAM actions, sorted.</param>
/// <param name="Resources">The resource ARNs or patterns.</param>
/// <param name="Condition">Operator → key → values, or null.</param>
/// <param name="Effect">Allow or Deny.</param>
public sealed record PolicyStatement(
    string Sid,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string[]>>? Condition = null,
    string Effect = "Allow");
