namespace CloudSniper.Cli.Hosting;

/// <summary>Finds the bundled samples: next to the executable (copied at build and publish), else in the source tree.</summary>
public static class Samples
{
    /// <summary>The samples directory, or a usage error naming where it was looked for.</summary>
    public static string Directory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "samples");
        if (System.IO.Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")) && System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new UsageException($"the bundled samples were not found (looked in {beside} and the source tree)");
    }
}
