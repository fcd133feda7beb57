using CloudSniper.Aws.Response;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Iam.Retirement;

namespace CloudSniper.Aws.Iam;

/// <summary>The last guard before a retirement: the user's tags read now, so a <c>sniper:exempt=true</c> set after the plan still counts.</summary>
internal static class ExemptTags
{
    public static async Task<string?> ReasonAsync(IamClient iam, string user, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> tags;
        try
        {
            tags = await iam.ListUserTagsAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"ListUserTags {user}", "iam:ListUserTags");
        }

        return tags.TryGetValue(IamRetirementPlaybook.ExemptTag, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)
            ? $"user {user} is tagged {IamRetirementPlaybook.ExemptTag}={v}; not retired"
            : null;
    }
}
