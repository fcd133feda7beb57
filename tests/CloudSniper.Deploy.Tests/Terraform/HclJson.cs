using System.Diagnostics;
using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>Parses Terraform files with @cdktf/hcl2json (npm), run by Node.js from the repository's node_modules.</summary>
public static class HclJson
{
    /// <summary>Why parsing cannot run here (no node, no npm install), or null when it can.</summary>
    public static string? MissingPrerequisite(string root)
    {
        if (ExternalCommand.Find("node") is null)
        {
            return "the Terraform structure tests need Node.js (apt-get install nodejs npm) to run @cdktf/hcl2json.";
        }

        return File.Exists(Path.Combine(root, "node_modules", "@cdktf", "hcl2json", "package.json"))
            ? null
            : "the Terraform structure tests need @cdktf/hcl2json: run `npm install` at the repository root.";
    }

    /// <summary>Parses every <c>.tf</c> file directly in <paramref name="directory"/>.</summary>
    public static async Task<TerraformModule> ParseModuleAsync(string root, string directory, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(directory, "*.tf").Order(StringComparer.Ordinal).ToList();
        var parsed = await ParseAsync(root, files, cancellationToken).ConfigureAwait(false);
        return new TerraformModule(directory, parsed.ToDictionary(p => Path.GetFileName(p.Key), p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>Parses <paramref name="files"/>; each file's JSON by its path as given.</summary>
    public static async Task<IReadOnlyDictionary<string, JsonElement>> ParseAsync(string root, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ExternalCommand.Find("node") ?? "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Terraform", "hcl2json.js"));
        start.ArgumentList.Add(root);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"hcl2json failed ({process.ExitCode}): {await error.ConfigureAwait(false)}");
        }

        using var document = JsonDocument.Parse(await output.ConfigureAwait(false));
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
