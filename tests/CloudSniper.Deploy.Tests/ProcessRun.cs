using System.Diagnostics;

namespace CloudSniper.Deploy.Tests;

/// <summary>Runs a command to completion and keeps what it printed.</summary>
internal sealed record ProcessRun(int ExitCode, string Out, string Error)
{
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? variables = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new ProcessRun(process.ExitCode, await output, await error);
    }

    public override string ToString() => $"exit {ExitCode}\n{Out}\n{Error}";
}
