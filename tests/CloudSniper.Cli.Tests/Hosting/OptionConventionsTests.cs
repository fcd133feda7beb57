namespace CloudSniper.Cli.Tests.Hosting;

/// <summary>Help and errors read the same on every verb: lower-case values, each default once, no .NET type names.</summary>
public sealed class OptionConventionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-help-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(CliAppTests.EveryVerb), MemberType = typeof(CliAppTests))]
    public async Task Help_OfAnyVerb_ShowsValuesAndDefaultsAsTheyAreTyped(string verb)
    {
        var run = await CliRun.Run(_dir, null, [.. verb.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("2147483647", run.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[default: [A-Z]", run.Out);
        Assert.DoesNotMatch(@"<[A-Z][a-z]+\|", run.Out);
        Assert.DoesNotMatch(@"\(default[^)]*\)[^\n]*\[default:", run.Out);
    }

    [Fact]
    public async Task AnEnumOption_GivenABadValue_NamesTheAcceptedValues()
    {
        var run = await CliRun.Run(_dir, null, "ioc", "list", "--type", "hash");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--type must be one of: ipv4, ipv6, cidr, domain, url; got 'hash'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("CloudSniper.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormatOption_GivenAFormatTheVerbLacks_NamesOnlyTheVerbsFormats()
    {
        var run = await CliRun.Run(_dir, null, "ioc", "list", "-f", "html");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--format must be one of: table, json, jsonl, csv, md; got 'html'", run.Error, StringComparison.Ordinal);
    }
}
