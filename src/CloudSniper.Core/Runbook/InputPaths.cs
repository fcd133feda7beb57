using System.Text.RegularExpressions;

namespace CloudSniper.Core.Runbook;

/// <summary>Expands input arguments (a file, a directory read recursively, or a glob with <c>*</c>, <c>?</c> and <c>**</c>) into files, in a stable order.</summary>
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
            else if (argument.AsSpan().IndexOfAny("*?") >= 0)
            {
                found = Glob(path);
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

    private static IEnumerable<string> Glob(string pattern)
    {
        var full = Path.GetFullPath(pattern.Replace('\\', '/'));
        var parts = full.Split('/');
        var firstWild = Array.FindIndex(parts, p => p.AsSpan().IndexOfAny("*?") >= 0);
        var root = string.Join('/', parts[..firstWild]);
        if (root.Length == 0)
        {
            root = "/";
        }

        if (!Directory.Exists(root))
        {
            return [];
        }

        var rest = string.Join('/', parts[firstWild..]);
        var regex = new Regex("^" + GlobToRegex(rest) + "$", RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal);
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    i++;
                    sb.Append("(?:.*/)?");
                }
                else
                {
                    sb.Append(".*");
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
