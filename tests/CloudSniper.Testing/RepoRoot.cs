namespace CloudSniper.Testing;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepoRoot
{
    /// <summary>The folder holding <c>CloudSniper.slnx</c>, found by walking up from the test binaries; null when absent.</summary>
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
