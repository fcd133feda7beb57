using CloudSniper.Core.Runbook;

namespace CloudSniper.Core.Tests.Runbook;

public sealed class InputPathsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("paths-");

    public InputPathsTests()
    {
        foreach (var f in new[] { "a/one.json", "a/b/two.json.gz", "a/b/notes.md", "c/three.jsonl", "c/four.json" })
        {
            var path = Path.Combine(_dir.FullName, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "[]");
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private List<string> Names(IReadOnlyList<string> files) => files.Select(f => Path.GetRelativePath(_dir.FullName, f).Replace('\\', '/')).ToList();

    [Fact]
    public void Expand_GivenADirectory_ReadsItRecursivelySkippingNonDataFiles()
    {
        var (files, errors) = InputPaths.Expand(["a"], _dir.FullName);
        Assert.Empty(errors);
        Assert.Equal(["a/b/two.json.gz", "a/one.json"], Names(files));
    }

    [Fact]
    public void Expand_GivenGlobs_MatchesWithinAndAcrossFolders()
    {
        Assert.Equal(["c/four.json"], Names(InputPaths.Expand(["c/*.json"], _dir.FullName).Files));
        Assert.Equal(["a/b/two.json.gz", "a/one.json", "c/four.json", "c/three.jsonl"], Names(InputPaths.Expand(["**/*.json*"], _dir.FullName).Files));
        Assert.Equal(["a/one.json"], Names(InputPaths.Expand([Path.Combine("a", "b", "..", "o*.json")], _dir.FullName).Files));
    }

    [Fact]
    public void Expand_GivenMissingPathsOrEmptyGlobs_ReportsEachAndKeepsTheRest()
    {
        var (files, errors) = InputPaths.Expand(["nope.json", "c/*.csv", "c/four.json", "c/four.json"], _dir.FullName);
        Assert.Equal(["c/four.json"], Names(files));
        Assert.Equal(["nope.json: no such file or directory", "c/*.csv: matches no file"], errors);
    }
}
