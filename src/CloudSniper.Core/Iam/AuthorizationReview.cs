using System.Text.Json;

namespace CloudSniper.Core.Iam;

/// <summary>
/// The checks over <c>GetAccountAuthorizationDetails</c> (as <c>aws iam get-account-authorization-details</c> prints it):
/// administrator access on users and groups, and role trust policies open to anyone or to outside accounts.
/// </summary>
public static class AuthorizationReview
{
    /// <summary>AWS's managed full-access policy, in any partition (<c>arn:aws:</c>, <c>arn:aws-cn:</c>, <c>arn:aws-us-gov:</c>).</summary>
    private const string AdministratorAccessSuffix = ":iam::aws:policy/AdministratorAccess";

    // Condition keys that tie a trust to known callers: with one of them, a "*" principal is not open to the world.
    // From the IAM User Guide's "AWS global condition context keys" and the STS keys (sts:ExternalId).
    private static readonly HashSet<string> RestrictingKeys = new(StringComparer.Ordinal)
    {
        "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount",
        "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner", "sts:externalid",
    };

    /// <summary>Every finding of the authorisation details in <paramref name="details"/>.</summary>
    public static IReadOnlyList<IamFinding> Review(JsonElement details, IamReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var findings = new List<IamFinding>();
        var adminPolicies = AdminManagedPolicies(details);
        foreach (var (list, nameProperty, inlineProperty) in new[] { ("UserDetailList", "UserName", "UserPolicyList"), ("GroupDetailList", "GroupName", "GroupPolicyList") })
        {
            foreach (var principal in Array(details, list))
            {
                var name = Text(principal, nameProperty) ?? "?";
                var arn = Text(principal, "Arn");
                var why = AdminReason(principal, inlineProperty, adminPolicies);
                if (why is not null)
                {
                    var kind = list == "UserDetailList" ? "user" : "group";
                    findings.Add(IamReviewer.Finding(IamChecks.AdminPolicyAttached, name, arn, null, $"{kind} {name} has {why}", null, null));
                }
            }
        }

        foreach (var role in Array(details, "RoleDetailList"))
        {
            ReviewTrust(role, options, findings);
        }

        return findings;
    }

    private static void ReviewTrust(JsonElement role, IamReviewOptions options, List<IamFinding> findings)
    {
        var name = Text(role, "RoleName") ?? "?";
        var arn = Text(role, "Arn");
        var own = IamReviewer.AccountOf(arn);
        if (!role.TryGetProperty("AssumeRolePolicyDocument", out var document))
        {
            return;
        }

        foreach (var statement in PolicyDocuments.Statements(document).Where(PolicyDocuments.Allows))
        {
            var keys = PolicyDocuments.ConditionKeys(statement);
            var principals = AwsPrincipals(statement).ToList();
            if (principals.Contains("*"))
            {
                if (!keys.Overlaps(RestrictingKeys))
                {
                    findings.Add(IamReviewer.Finding(IamChecks.RoleTrustWildcard, name, arn, null,
                        $"role {name} can be assumed by any AWS principal (Principal \"*\") with no condition naming who", null, null));
                }

                continue;
            }

            if (keys.Contains("sts:externalid") || keys.Contains("aws:principalorgid") || keys.Contains("aws:principalorgpaths"))
            {
                continue;
            }

            foreach (var outside in principals.Select(AccountOfPrincipal).OfType<string>().Distinct()
                .Where(a => a != own && !options.OrganizationAccounts.Contains(a)))
            {
                findings.Add(IamReviewer.Finding(IamChecks.RoleTrustExternalNoExternalId, name, arn, null,
                    $"role {name} trusts account {outside}, outside the organisation, without an sts:ExternalId condition", null, null));
            }
        }
    }

    private static IEnumerable<string> AwsPrincipals(JsonElement statement)
    {
        if (!statement.TryGetProperty("Principal", out var principal))
        {
            return [];
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            return PolicyDocuments.Values(principal);
        }

        return principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty("AWS", out var aws) ? PolicyDocuments.Values(aws) : [];
    }

    private static string? AccountOfPrincipal(string principal)
    {
        if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
        {
            return principal;
        }

        return principal.StartsWith("arn:", StringComparison.Ordinal) ? IamReviewer.AccountOf(principal) : null;
    }

    private static string? AdminReason(JsonElement principal, string inlineProperty, IReadOnlyDictionary<string, string> adminPolicies)
    {
        foreach (var attached in Array(principal, "AttachedManagedPolicies"))
        {
            var arn = Text(attached, "PolicyArn") ?? "";
            if (arn.EndsWith(AdministratorAccessSuffix, StringComparison.Ordinal))
            {
                return "AdministratorAccess attached";
            }

            if (adminPolicies.TryGetValue(arn, out var policyName))
            {
                return $"managed policy {policyName} allowing \"*\" on \"*\"";
            }
        }

        foreach (var inline in Array(principal, inlineProperty))
        {
            if (inline.TryGetProperty("PolicyDocument", out var document) && PolicyDocuments.Statements(document).Any(PolicyDocuments.IsFullAdmin))
            {
                return $"inline policy {Text(inline, "PolicyName")} allowing \"*\" on \"*\"";
            }
        }

        return null;
    }

    private static Dictionary<string, string> AdminManagedPolicies(JsonElement details)
    {
        var admin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in Array(details, "Policies"))
        {
            var defaultVersion = Array(policy, "PolicyVersionList")
                .FirstOrDefault(v => v.TryGetProperty("IsDefaultVersion", out var d) && d.ValueKind == JsonValueKind.True);
            if (defaultVersion.ValueKind == JsonValueKind.Object && defaultVersion.TryGetProperty("Document", out var document)
                && PolicyDocuments.Statements(document).Any(PolicyDocuments.IsFullAdmin) && Text(policy, "Arn") is { } arn)
            {
                admin[arn] = Text(policy, "PolicyName") ?? arn;
            }
        }

        return admin;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
