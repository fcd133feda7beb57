namespace CloudSniper.Core.Tests.CloudTrail;

/// <summary>Locates the repository root (the folder holding CloudSniper.slnx) and the shared corpora beside it.</summary>
internal static class CorpusPaths
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("CloudSniper.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// <c>../shared/corpora/cloudtrail</c> from the repository root; a worktree one level deeper finds it one
    /// folder further up, so the nearest ancestor holding <c>shared/corpora</c> wins.
    /// </summary>
    public static string CloudTrail
    {
        get
        {
            var dir = Directory.GetParent(RepoRoot);
            while (dir is not null)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpora", "cloudtrail");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                dir = dir.Parent;
            }

            return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpora", "cloudtrail"));
        }
    }

    public static string Stratus => Path.Combine(CloudTrail, "stratus-red-team");

    public static string Otrf => Path.Combine(CloudTrail, "otrf");

    /// <summary>Skips the calling test when the shared corpora are not beside the repository (fails it in CI, which has them).</summary>
    public static void RequireCorpus()
    {
        CloudSniper.Testing.Requirement.SkipUnless(Directory.Exists(CloudTrail), "the shared CloudTrail corpora are not at " + CloudTrail);
    }
}
