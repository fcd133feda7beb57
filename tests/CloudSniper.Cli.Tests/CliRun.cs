using CloudSniper.Cli;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests;

/// <summary>Runs <c>sniper</c> in-process against in-memory streams, with a private data directory and variables.</summary>
internal sealed class CliRun
{
    public required int ExitCode { get; init; }

    public required string Out { get; init; }

    public required string Error { get; init; }

    public static async Task<CliRun> Run(string workingDirectory, IReadOnlyDictionary<string, string>? variables, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var vars = new Dictionary<string, string>(variables ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["SNIPER_HOME"] = variables?.GetValueOrDefault("SNIPER_HOME") ?? Path.Combine(workingDirectory, ".sniper-home"),
        };
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => new MemoryStream(),
            CurrentDirectory = workingDirectory,
            GetVariable = name => vars.GetValueOrDefault(name),
            SniperVariables = () => vars.Where(v => v.Key.StartsWith("SNIPER_", StringComparison.Ordinal)),
        };
        var code = await CliApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return new CliRun { ExitCode = code, Out = stdout.ToString(), Error = stderr.ToString() };
    }
}
