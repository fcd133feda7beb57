using CloudSniper.Core.Ingestion.Sources;

namespace CloudSniper.Core.Tests.Ingestion.Sources;

public sealed class FileInputSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sniper-src-").FullName;

    public FileInputSourceTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a", "b"));
        File.WriteAllText(Path.Combine(_root, "top.json"), "{}");
        File.WriteAllText(Path.Combine(_root, "a", "one.json"), "{}");
        File.WriteAllText(Path.Combine(_root, "a", "b", "two.json.gz"), "x");
        File.WriteAllText(Path.Combine(_root, "a", "b", "notes.txt"), "x");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Expand_GivenDirectory_ListsEveryFileRecursivelyInOrder()
    {
        var files = FileInputSource.Expand("a", _root).ToList();

        Assert.Equal([Path.Combine("a", "b", "notes.txt"), Path.Combine("a", "b", "two.json.gz"), Path.Combine("a", "one.json")], files);
    }

    [Theory]
    [InlineData("*.json", new[] { "top.json" })]
    [InlineData("**/*.json", new[] { "a/one.json", "top.json" })]
    [InlineData("a/**/*.gz", new[] { "a/b/two.json.gz" })]
    [InlineData("a/*/*", new[] { "a/b/notes.txt", "a/b/two.json.gz" })]
    public void Expand_GivenGlob_MatchesOnlyWhatThePatternSays(string pattern, string[] expected)
    {
        Assert.Equal(expected, FileInputSource.Expand(pattern, _root).ToArray());
    }

    [Fact]
    public async Task Enumerate_GivenMissingPath_YieldsItSoThatOpeningReportsTheError()
    {
        var source = new FileInputSource("missing.json", _root, () => Stream.Null);

        var docs = await source.EnumerateAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        var doc = Assert.Single(docs);
        await Assert.ThrowsAsync<FileNotFoundException>(() => doc.OpenAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Enumerate_GivenDash_ReadsStandardInput()
    {
        using var stdin = new MemoryStream("hello"u8.ToArray());
        var source = new FileInputSource("-", _root, () => stdin);

        var doc = Assert.Single(await source.EnumerateAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal("stdin", doc.Name);
        Assert.Same(stdin, await doc.OpenAsync(TestContext.Current.CancellationToken));
    }
}
