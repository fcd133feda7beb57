using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>
/// The references in a module's expressions (hcl2json writes every expression as a <c>${...}</c> string) and the
/// ones that resolve to nothing the module declares.
/// </summary>
public static partial class TerraformReferences
{
    /// <summary>The references made anywhere inside <paramref name="element"/>: <c>var.X</c>, <c>local.X</c>, <c>module.X</c>, <c>data.T.X</c> and <c>T.X</c> for resources of <paramref name="resourcePrefixes"/>.</summary>
    public static IEnumerable<string> In(JsonElement element, IReadOnlyCollection<string> resourcePrefixes)
    {
        foreach (var text in Strings(element).Where(s => s.Contains("${", StringComparison.Ordinal)))
        {
            foreach (Match m in Named().Matches(text))
            {
                yield return m.Groups["kind"].Value + "." + m.Groups["name"].Value;
            }

            foreach (Match m in DataReference().Matches(text))
            {
                yield return "data." + m.Groups["type"].Value + "." + m.Groups["name"].Value;
            }

            foreach (Match m in ResourceReference().Matches(text))
            {
                if (resourcePrefixes.Any(p => m.Groups["type"].Value.StartsWith(p, StringComparison.Ordinal)))
                {
                    yield return m.Groups["type"].Value + "." + m.Groups["name"].Value;
                }
            }
        }
    }

    /// <summary>Each reference of <paramref name="module"/> that names no declaration of it, with the file it is in.</summary>
    public static IReadOnlyList<string> Unresolved(TerraformModule module, IReadOnlyCollection<string> resourcePrefixes)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        declared.UnionWith(module.Variables.Keys.Select(k => "var." + k));
        declared.UnionWith(module.Locals.Keys.Select(k => "local." + k));
        declared.UnionWith(module.Modules.Keys.Select(k => "module." + k));
        declared.UnionWith(module.DataSources.Keys.Select(k => "data." + k));
        declared.UnionWith(module.Resources.Keys);
        return [.. module.Files
            .SelectMany(f => In(f.Value, resourcePrefixes).Where(r => !declared.Contains(r)).Select(r => $"{f.Key}: {r}"))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every string in <paramref name="element"/>, depth first.</summary>
    public static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var s in Strings(item))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var s in Strings(property.Value))
                    {
                        yield return s;
                    }
                }

                break;
        }
    }

    // Not preceded by a name character or a dot, so that data.aws_region.current is not also read as aws_region.current
    // and each.value.var_x is not read as a variable.
    [GeneratedRegex(@"(?<![\w.])(?<kind>var|local|module)\.(?<name>[A-Za-z_][\w-]*)")]
    private static partial Regex Named();

    [GeneratedRegex(@"(?<![\w.])data\.(?<type>[A-Za-z_]\w*)\.(?<name>[A-Za-z_][\w-]*)")]
    private static partial Regex DataReference();

    [GeneratedRegex(@"(?<![\w.])(?<type>[a-z][a-z0-9]*_\w+)\.(?<name>[A-Za-z_][\w-]*)")]
    private static partial Regex ResourceReference();
}
