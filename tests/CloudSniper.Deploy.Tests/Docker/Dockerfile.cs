using System.Text.Json;

namespace CloudSniper.Deploy.Tests.Docker;

/// <summary>A Dockerfile read into its build stages and instructions (line continuations joined, comments dropped).</summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    /// <summary>The build stages in order; the last is the image.</summary>
    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        var pending = "";
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
                stages.Add(new DockerStage(parts.First(p => !p.StartsWith("--", StringComparison.Ordinal)), name, []));
                continue;
            }

            if (stages.Count == 0)
            {
                throw new FormatException($"{keyword} before the first FROM");
            }

            stages[^1].Instructions.Add(new DockerInstruction(keyword, arguments));
        }

        return new Dockerfile(stages);
    }

    /// <summary>The words of an exec-form (JSON array) argument such as <c>["a", "b"]</c>.</summary>
    public static IReadOnlyList<string> ExecForm(string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
    }
}

/// <summary>One build stage: its base image, its name and its instructions.</summary>
public sealed record DockerStage(string Image, string? Name, List<DockerInstruction> Instructions)
{
    /// <summary>The instructions with <paramref name="keyword"/>.</summary>
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}

/// <summary>One instruction: upper-case keyword and the rest of its (joined) line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);
