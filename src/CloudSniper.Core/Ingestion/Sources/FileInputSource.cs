using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudSniper.Core.Ingestion.Sources;

/// <summary>
/// Local input: a file, a directory (every file below it, recursively, in ordinal order), a glob
/// (<c>*</c>, <c>?</c> and <c>**</c> across directories), or <c>-</c> for standard input.
/// </summary>
public sealed class FileInputSource(string argument, string currentDirectory, Func<Stream> openStdin) : IInputSource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<InputDocument> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (argument == "-")
        {
            yield return new InputDocument("stdin", _ => Task.FromResult(openStdin()));
            yield break;
        }

        foreach (var path in Expand(argument, currentDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.IsPathRooted(path) ? path : Path.Combine(currentDirectory, path);
            yield return new InputDocument(path, _ => Task.FromResult<Stream>(OpenRead(full)), SafeLength(full));
        }
    }

    /// <summary>The files an argument names; a path that exists nowhere yields itself, so that opening it reports the error.</summary>
    public static IEnumerable<string> Expand(string argument, string currentDirectory)
    {
        var full = Path.IsPathRooted(argument) ? argument : Path.Combine(currentDirectory, argument);
        if (File.Exists(full))
        {
            return [argument];
        }

        if (Directory.Exists(full))
        {
            return Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None })
                .Select(f => Relative(argument, full, f))
                .Order(StringComparer.Ordinal)
                .ToList();
        }

        if (argument.AsSpan().IndexOfAny("*?[") >= 0)
        {
            return Glob(argument, currentDirectory);
        }

        return [argument];
    }

    private static IEnumerable<string> Glob(string pattern, string currentDirectory)
    {
        var normalized = pattern.Replace('\\', '/');
        var firstWild = normalized.AsSpan().IndexOfAny("*?[");
        var baseEnd = normalized.LastIndexOf('/', firstWild);
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

        var regex = ToRegex(normalized[(baseEnd + 1)..]);
        return Directory.EnumerateFiles(fullBase, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Select(f => (File: f, Rel: Path.GetRelativePath(fullBase, f).Replace('\\', '/')))
            .Where(x => regex.IsMatch(x.Rel))
            .Select(x => baseEnd < 0 ? x.Rel : baseDir.TrimEnd('/') + "/" + x.Rel)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Regex ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches any number of directories, including none.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '[')
            {
                var close = glob.IndexOf(']', i + 1);
                if (close < 0)
                {
                    sb.Append("\\[");
                }
                else
                {
                    sb.Append('[').Append(glob[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                }
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static string Relative(string argument, string fullDirectory, string file) =>
        Path.Combine(argument, Path.GetRelativePath(fullDirectory, file));

    private static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    private static long? SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
