using System.Text.Json;

namespace CloudSniper.Core.Response;

/// <summary>Builds the least-privilege IAM policy for a set of actions from their declared permissions.</summary>
public static class IamPolicyBuilder
{
    /// <summary>Permissions the engine needs whatever the playbooks say: reading own addresses for the guard.</summary>
    public static IReadOnlyList<string> GuardPermissions { get; } = ["ec2:DescribeVpcs", "ec2:DescribeAddresses"];

    /// <summary>
    /// The policy document (indented JSON) for the actions' declared permissions plus the guard's, each action in the
    /// statement of its narrowest scope (<see cref="PermissionScopes"/>), then <paramref name="extra"/> statements (sources,
    /// store, jobs); and, when <paramref name="assumeRoleName"/> is given, <c>sts:AssumeRole</c> on that role in every account.
    /// </summary>
    public static string Build(IEnumerable<ResponseAction> actions, string? assumeRoleName = null, IEnumerable<PolicyStatement>? extra = null) =>
        Render(Statements(actions.SelectMany(a => a.Permissions).Concat(GuardPermissions), assumeRoleName, extra));

    /// <summary>The statements for <paramref name="permissions"/>, grouped by scope, followed by the extra ones.</summary>
    public static IReadOnlyList<PolicyStatement> Statements(IEnumerable<string> permissions, string? assumeRoleName = null, IEnumerable<PolicyStatement>? extra = null)
    {
        var statements = permissions
            .Distinct(StringComparer.Ordinal)
            .GroupBy(p => PermissionScopes.For(p).Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key == "AnyResource" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var scope = PermissionScopes.For(g.First());
                return new PolicyStatement("CloudSniper" + g.Key, [.. g.Order(StringComparer.Ordinal)], scope.Resources, scope.Condition);
            })
            .ToList();
        statements.AddRange(extra ?? []);
        if (assumeRoleName is not null)
        {
            statements.Add(new PolicyStatement("CloudSniperMemberAccounts", ["sts:AssumeRole"], [$"arn:aws:iam::*:role/{assumeRoleName}"]));
        }

        // Inline policies can be put on any role an attacker's session used, so the grant is role/*; a Deny keeps the
        // product's hands off roles a team marks cloudsniper:protected=true (its own, break-glass) and off the member role.
        var roleWrites = statements.SelectMany(s => s.Actions).Where(a => a is "iam:PutRolePolicy" or "iam:DeleteRolePolicy").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (roleWrites.Count > 0)
        {
            statements.Add(new PolicyStatement("CloudSniperProtectedRoles", roleWrites, ["arn:aws:iam::*:role/*"],
                new Dictionary<string, IReadOnlyDictionary<string, string[]>>
                {
                    ["StringEquals"] = new Dictionary<string, string[]> { ["aws:ResourceTag/cloudsniper:protected"] = ["true"] },
                }, "Deny"));
            if (assumeRoleName is not null)
            {
                statements.Add(new PolicyStatement("CloudSniperMemberRoleUntouched", roleWrites, [$"arn:aws:iam::*:role/{assumeRoleName}"], Effect: "Deny"));
            }
        }

        return Merge(statements);
    }

    /// <summary>The policy document of <paramref name="statements"/>, as indented JSON.</summary>
    public static string Render(IEnumerable<PolicyStatement> statements)
    {
        var rendered = statements.Select(s =>
        {
            var d = new Dictionary<string, object> { ["Sid"] = s.Sid, ["Effect"] = s.Effect, ["Action"] = s.Actions, ["Resource"] = s.Resources.Count == 1 ? s.Resources[0] : s.Resources };
            if (s.Condition is not null)
            {
                d["Condition"] = s.Condition;
            }

            return d;
        }).ToList();
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["Version"] = "2012-10-17", ["Statement"] = rendered }, new JsonSerializerOptions { WriteIndented = true });
    }

    // Statements with the same Sid (the same scope asked for twice) become one.
    private static List<PolicyStatement> Merge(List<PolicyStatement> statements) =>
        statements.GroupBy(s => s.Sid, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : g.First() with
            {
                Actions = [.. g.SelectMany(s => s.Actions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                Resources = [.. g.SelectMany(s => s.Resources).Distinct(StringComparer.Ordinal)],
            })
            .ToList();
}
