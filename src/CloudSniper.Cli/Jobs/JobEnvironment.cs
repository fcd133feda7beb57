using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Configuration;

namespace CloudSniper.Cli.Jobs;

/// <summary>What the job bodies compose from: the CLI's environment and options, the configuration and the store in effect.</summary>
/// <param name="Env">Streams, variables, clock, data directory.</param>
/// <param name="Parse">The command line the host was started with (its global options reach the jobs).</param>
/// <param name="Config">The loaded configuration.</param>
/// <param name="StoreUri">The knowledge base's URI (the job store lives beside it).</param>
internal sealed record JobEnvironment(CliEnvironment Env, ParseResult Parse, SniperConfig Config, string StoreUri)
{
    /// <summary>An environment for running a verb inside a job: the same variables, clock and directories, output captured.</summary>
    public CliEnvironment Captured(StringWriter output, StringWriter error) => new()
    {
        Out = output,
        Error = error,
        OpenStdin = () => Stream.Null,
        Quiet = true,
        GetVariable = Env.GetVariable,
        SniperVariables = Env.SniperVariables,
        Time = Env.Time,
        CurrentDirectory = Env.CurrentDirectory,
    };

    /// <summary>Runs <c>sniper <paramref name="args"/></c> in this process against the same store and configuration; its exit code and captured streams.</summary>
    public async Task<(int Code, string Out, string Error)> RunVerbAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var full = new List<string>(args) { "--store", StoreUri, "--quiet" };
        if (ConfigResolver.PathOf(Parse, Env) is { } config)
        {
            full.AddRange(["--config", config]);
        }

        var code = await CliApp.RunAsync([.. full], Captured(output, error), cancellationToken).ConfigureAwait(false);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A path relative to the working directory made absolute.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Env.CurrentDirectory, path);
}
