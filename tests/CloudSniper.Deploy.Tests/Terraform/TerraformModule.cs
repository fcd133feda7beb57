using System.Text.Json;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>One Terraform module directory, each of its <c>.tf</c> files in the JSON form @cdktf/hcl2json gives.</summary>
public sealed class TerraformModule(string directory, IReadOnlyDictionary<string, JsonElement> files)
{
    /// <summary>The module's directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>File name (relative to <see cref="Directory"/>) to parsed content.</summary>
    public IReadOnlyDictionary<string, JsonElement> Files { get; } = files;

    /// <summary>Declared variables by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Variables => Named("variable");

    /// <summary>Declared outputs by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Outputs => Named("output");

    /// <summary>Declared module calls by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Modules => Named("module");

    /// <summary>Every local value by name, across the module's <c>locals</c> blocks.</summary>
    public IReadOnlyDictionary<string, JsonElement> Locals
    {
        get
        {
            var locals = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var file in Files.Values)
            {
                if (file.TryGetProperty("locals", out var blocks))
                {
                    foreach (var block in blocks.EnumerateArray())
                    {
                        foreach (var local in block.EnumerateObject())
                        {
                            Assert.True(locals.TryAdd(local.Name, local.Value), $"local.{local.Name} is declared twice");
                        }
                    }
                }
            }

            return locals;
        }
    }

    /// <summary>Managed resources by address (<c>TYPE.NAME</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> Resources => Typed("resource");

    /// <summary>Data sources by address without the <c>data.</c> prefix (<c>TYPE.NAME</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> DataSources => Typed("data");

    /// <summary>The body of resource <paramref name="address"/>; fails the test when it is not declared.</summary>
    public JsonElement Resource(string address) =>
        Resources.TryGetValue(address, out var body) ? body : throw new Xunit.Sdk.XunitException($"resource {address} is not declared in {Directory}");

    /// <summary>The resources of one type, by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> ResourcesOfType(string type) =>
        Resources.Where(r => r.Key.StartsWith(type + ".", StringComparison.Ordinal)).ToDictionary(r => r.Key[(type.Length + 1)..], r => r.Value, StringComparer.Ordinal);

    /// <summary>The body of data source <paramref name="address"/> (<c>TYPE.NAME</c>); fails the test when it is not declared.</summary>
    public JsonElement Data(string address) =>
        DataSources.TryGetValue(address, out var body) ? body : throw new Xunit.Sdk.XunitException($"data source {address} is not declared in {Directory}");

    /// <summary>Every block of a top-level <paramref name="kind"/> (<c>terraform</c>, <c>provider</c>) across the files.</summary>
    public IEnumerable<JsonElement> TopLevel(string kind) =>
        Files.Values.Where(f => f.TryGetProperty(kind, out _)).Select(f => f.GetProperty(kind));

    private Dictionary<string, JsonElement> Named(string kind)
    {
        var named = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in Files.Values)
        {
            if (file.TryGetProperty(kind, out var blocks))
            {
                foreach (var block in blocks.EnumerateObject())
                {
                    Assert.True(named.TryAdd(block.Name, Single(block.Value)), $"{kind} {block.Name} is declared twice");
                }
            }
        }

        return named;
    }

    private Dictionary<string, JsonElement> Typed(string kind)
    {
        var typed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in Files.Values)
        {
            if (file.TryGetProperty(kind, out var types))
            {
                foreach (var type in types.EnumerateObject())
                {
                    foreach (var block in type.Value.EnumerateObject())
                    {
                        Assert.True(typed.TryAdd(type.Name + "." + block.Name, Single(block.Value)), $"{kind} {type.Name}.{block.Name} is declared twice");
                    }
                }
            }
        }

        return typed;
    }

    // hcl2json gives every block as an array of bodies; a labelled block is declared once.
    private static JsonElement Single(JsonElement bodies) => bodies.ValueKind == JsonValueKind.Array ? bodies[0] : bodies;
}
