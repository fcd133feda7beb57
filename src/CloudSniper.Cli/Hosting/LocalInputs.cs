using CloudSniper.Core.Ingestion.Sources;

namespace CloudSniper.Cli.Hosting;

/// <summary>Checks, before anything is read, that every local input argument names at least one file.</summary>
internal static class LocalInputs
{
    /// <summary>
    /// Throws a usage error (exit 2) naming each path, glob or directory that matches no file, so that a typo never
    /// looks like an empty result; <c>-</c> (stdin) and <c>s3://</c> or <c>sqs://</c> arguments are not local.
    /// </summary>
    public static void RequireMatches(IEnumerable<string> arguments, string currentDirectory)
    {
        var unmatched = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument == "-" || argument.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("sqs://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var full = Path.IsPathRooted(argument) ? argument : Path.Combine(currentDirectory, argument);
            if (File.Exists(full))
            {
                continue;
            }

            if (Directory.Exists(full))
            {
                if (!FileInputSource.Expand(argument, currentDirectory).Any())
                {
                    unmatched.Add($"'{argument}' is an empty directory");
                }

                continue;
            }

            var matches = FileInputSource.Expand(argument, currentDirectory).ToList();
            if (matches.Count == 0 || (matches.Count == 1 && matches[0] == argument))
            {
                unmatched.Add(argument.AsSpan().IndexOfAny("*?[") >= 0 ? $"'{argument}' matches no file" : $"'{argument}': no such file or directory");
            }
        }

        if (unmatched.Count > 0)
        {
            throw new UsageException(string.Join("; ", unmatched) + " (nothing was read)");
        }
    }
}
