namespace CloudSniper.Cli.Tests.Commands;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_GivenValidFile_ExitsZero()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "ok.yaml"), "mode: observe\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "config", "validate", "ok.yaml");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("valid", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GivenBadFile_PrintsEveryProblemAndExitsTwo()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.yaml"), "mode: destroy\ncolour: red\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "config", "validate", "bad.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:1:7: $.mode", run.Out, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:2:1: $.colour: unknown key", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_GivenConfigVariable_PrintsTheMergedConfiguration()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "c.yaml"), "mode: observe\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_CONFIG"] = "c.yaml" }, "config", "show");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"mode\": \"observe\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_GivenSniperVariable_ItOverridesTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "c.yaml"), "mode: observe\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_MODE"] = "enforce" }, "config", "show", "--config", "c.yaml");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"mode\": \"enforce\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_GivenMissingConfigFile_ExitsTwoNamingIt()
    {
        var run = await CliRun.Run(_dir, null, "config", "show", "--config", "nope.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.yaml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsTwo()
    {
        var run = await CliRun.Run(_dir, null, "frobnicate");

        Assert.Equal(2, run.ExitCode);
    }
}
