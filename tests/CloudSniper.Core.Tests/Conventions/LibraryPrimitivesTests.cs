namespace CloudSniper.Core.Tests.Conventions;

/// <summary>Primitives a well-kept library provides are not written again in the source tree.</summary>
public class LibraryPrimitivesTests
{
    [Theory]
    [InlineData("0xEDB88320", "CRC-32: use System.IO.Hashing.Crc32")]
    [InlineData("ToString(\"x2\"", "hex: use Convert.ToHexStringLower")]
    [InlineData("ToString(\"X2\"", "hex: use Convert.ToHexString")]
    [InlineData("(?:.*/)?", "globs: use PathGlob (Microsoft.Extensions.FileSystemGlobbing)")]
    [InlineData("\"aws4_request\"", "SigV4: sign through AWSSDK.Core's AWSSigV4Signer")]
    public void Source_WritesNoPrimitiveTheLibrariesProvide(string marker, string instead)
    {
        var offenders = SourceFiles().Where(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(offenders.Count == 0, instead + ": " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("SearchValues.Create(\"\\\"{}[]\"u8)", "JsonRecordSplitter.cs", "JSON records are cut by Parsing/Internal/JsonRecordSplitter only")]
    [InlineData("class ErrorPreview", "ErrorPreview.cs", "previews of rejected input are escaped by Escaping/ErrorPreview only")]
    public void Source_HasOneOfEach(string marker, string owner, string rule)
    {
        var holders = SourceFiles().Where(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.True(holders.Count == 1 && holders[0] == owner, rule + ": found in " + string.Join(", ", holders));
    }

    private static IEnumerable<string> SourceFiles()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Directory.EnumerateFiles(Path.Combine(dir.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }
}
