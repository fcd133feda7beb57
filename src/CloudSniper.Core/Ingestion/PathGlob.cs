using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace CloudSniper.Core.Ingestion;

/// <summary>
/// Expands a file glob (<c>*</c> within a name, <c>**</c> across directories) with Microsoft.Extensions.FileSystemGlobbing,
/// for every command that takes input paths.
/// </summary>
public static class PathGlob
{
    /// <summary>True when <paramref name="argument"/> holds a wildcard (<c>?</c> and <c>[</c> are literal to the matcher).</summary>
    public static bool IsPattern(string argument) => argument.Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// The files <paramref name="pattern"/> matches below <paramref name="currentDirectory"/>, written as the pattern's
    /// directory part was typed followed by the matched path with <c>/</c>, in ordinal order; none when the
    /// directory part does not exist.
    /// </summary>
    public static IReadOnlyList<string> Expand(string pattern, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var normalized = pattern.Replace('\\', '/');
        var firstWild = normalized.IndexOf('*', StringComparison.Ordinal);
        if (firstWild < 0)
        {
            firstWild = normalized.Length;
        }

        // The literal directories before the first wildcard are the root the matcher walks.
        var baseEnd = normalized.LastIndexOf('/', Math.Max(0, firstWild - 1));
        var baseDir = baseEnd < 0 ? "." : normalized[..baseEnd];
        if (baseDir.Length == 0)
        {
            baseDir = "/";
        }

        var fullBase = Path.IsPathRooted(baseDir) ? baseDir : Path.Combine(currentDirectory, baseDir);
        if (!Directory.Exists(fullBase))
        {
            return [];
        }

        // Ordinal, as the file system here is case-sensitive; the matcher's default ignores case.
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(normalized[(baseEnd + 1)..]);
        return matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(fullBase))).Files
            .Select(f => baseEnd < 0 ? f.Path : baseDir.TrimEnd('/') + "/" + f.Path)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
