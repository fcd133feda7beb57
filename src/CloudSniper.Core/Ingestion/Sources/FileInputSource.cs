using System.Runtime.CompilerServices;

namespace CloudSniper.Core.Ingestion.Sources;

/// <summary>
/// Local input: a file, a directory (every file below it, recursively, in ordinal order), a glob
/// (<c>*</c> and <c>**</c> across directories, see <see cref="PathGlob"/>), or <c>-</c> for standard input.
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

        if (PathGlob.IsPattern(argument))
        {
            return PathGlob.Expand(argument, currentDirectory);
        }

        return [argument];
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
