using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Runbook;

/// <summary>Expands input arguments (a file, a directory read recursively, or a glob with <c>*</c> and <c>**</c>, see <see cref="PathGlob"/>) into files, in a stable order.</summary>
public static class InputPaths
{
    private static readonly string[] DataExtensions = [".json", ".jsonl", ".ndjson", ".gz", ".log", ".txt"];

    /// <summary>The files named by <paramref name="arguments"/>; an argument matching nothing is an error naming it.</summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Errors) Expand(IEnumerable<string> arguments, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var argument in arguments)
        {
            var path = Path.IsPathRooted(argument) ? argument : Path.Combine(baseDirectory, argument);
            IEnumerable<string> found;
            if (File.Exists(path))
            {
                found = [Path.GetFullPath(path)];
            }
            else if (Directory.Exists(path))
            {
                found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => DataExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Select(Path.GetFullPath)
                    .Order(StringComparer.Ordinal);
            }
            else if (PathGlob.IsPattern(argument))
            {
                found = PathGlob.Expand(argument, baseDirectory).Select(f => Path.GetFullPath(Path.Combine(baseDirectory, f)));
            }
            else
            {
                errors.Add($"{argument}: no such file or directory");
                continue;
            }

            var any = false;
            foreach (var f in found)
            {
                any = true;
                if (seen.Add(f))
                {
                    files.Add(f);
                }
            }

            if (!any)
            {
                errors.Add($"{argument}: matches no file");
            }
        }

        return (files, errors);
    }
}
