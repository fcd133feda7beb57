using System.CommandLine;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests;

/// <summary>The command line's contract: unknown options and verbs, inputs that match nothing, and their exit codes.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:kb.db" }, args);

    public static TheoryData<string> EveryVerb()
    {
        var data = new TheoryData<string>();
        var root = CliApp.Build(new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null, OpenStdin = () => new MemoryStream() });
        foreach (var path in Leaves(root, []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    private static IEnumerable<List<string>> Leaves(Command command, List<string> path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path;
            yield break;
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public async Task AnyVerb_GivenAnUnknownOption_ExitsTwoNamingIt(string verb)
    {
        var run = await Sniper([.. verb.Split(' '), "--no-such-option"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unknown option '--no-such-option' for 'sniper {verb}'", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Ingest_GivenAnOptionItDoesNotHave_RefusesItInsteadOfOpeningItAsAFile()
    {
        File.WriteAllText(Path.Combine(_dir, "f.txt"), "45.33.1.1\n");

        var run = await Sniper("ingest", "f.txt", "-x", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '-x' for 'sniper ingest'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot open", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GivenAFileNamedLikeAnOptionAfterDoubleDash_ReadsIt()
    {
        File.WriteAllText(Path.Combine(_dir, "-odd.txt"), "45.33.1.1\n");

        var run = await Sniper("ingest", "--", "-odd.txt");

        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public async Task UnknownVerb_GivenHelp_StillExitsTwo()
    {
        var run = await Sniper("no-such-verb", "--help");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command or argument 'no-such-verb' for 'sniper'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest", "nothing-*.json", "'nothing-*.json' matches no file")]
    [InlineData("ingest", "missing.json", "'missing.json': no such file or directory")]
    [InlineData("ingest", "empty", "'empty' is an empty directory")]
    [InlineData("respond", "missing.json", "'missing.json': no such file or directory")]
    [InlineData("beacons", "empty", "'empty' is an empty directory")]
    [InlineData("hunt", "nothing-*.log", "'nothing-*.log' matches no file")]
    public async Task Verb_GivenAnInputThatMatchesNothing_ExitsTwoInsteadOfReportingZeros(string verb, string input, string message)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        File.WriteAllText(Path.Combine(_dir, "iocs.txt"), "45.33.1.1\n");

        var run = verb == "hunt" ? await Sniper(verb, input, "--iocs", "iocs.txt") : await Sniper(verb, input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("findings read", run.Out, StringComparison.Ordinal);
    }
}
