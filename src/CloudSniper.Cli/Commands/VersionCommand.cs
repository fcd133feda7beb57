using System.CommandLine;
using System.Reflection;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper version</c>: prints the tool's version.</summary>
public static class VersionCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("version", "Print the version of sniper");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            env.Out.WriteLine($"sniper {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
