using System.Text.Json;

namespace CloudSniper.Core.Response;

/// <summary>Builds the least-privilege IAM policy for a set of actions from their declared permissions.</summary>
public static class IamPolicyBuilder
{
    /// <summary>Permissions the engine needs whatever the playbooks say: reading own addresses for the guard.</summary>
    public static IReadOnlyList<string> GuardPermissions { get; } = ["ec2:DescribeVpcs", "ec2:DescribeAddresses"];

    /// <summary>
    /// The policy document (indented JSON): one statement with every permission the actions declare plus the guard's,
    /// sorted and de-duplicated; and, when <paramref name="assumeRoleName"/> is given, one allowing
    /// <c>sts:AssumeRole</c> on that role in every account (for the administrator account).
    /// </summary>
    public static string Build(IEnumerable<ResponseAction> actions, string? assumeRoleName = null)
    {
        var permissions = actions.SelectMany(a => a.Permissions).Concat(GuardPermissions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var statements = new List<object>
        {
            new Dictionary<string, object> { ["Sid"] = "CloudSniperResponse", ["Effect"] = "Allow", ["Action"] = permissions, ["Resource"] = "*" },
        };
        if (assumeRoleName is not null)
        {
            statements.Add(new Dictionary<string, object> { ["Sid"] = "CloudSniperMemberAccounts", ["Effect"] = "Allow", ["Action"] = new[] { "sts:AssumeRole" }, ["Resource"] = $"arn:aws:iam::*:role/{assumeRoleName}" });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["Version"] = "2012-10-17", ["Statement"] = statements }, new JsonSerializerOptions { WriteIndented = true });
    }
}
