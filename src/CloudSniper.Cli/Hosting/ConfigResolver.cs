using System.CommandLine;
using CloudSniper.Core.Configuration;

namespace CloudSniper.Cli.Hosting;

/// <summary>Finds and loads the configuration a verb runs with: <c>--config</c>, else <c>$SNIPER_CONFIG</c>, else defaults.</summary>
public static class ConfigResolver
{
    /// <summary>The configuration file path in effect, or null for none.</summary>
    public static string? PathOf(ParseResult parse, CliEnvironment env)
    {
        var path = parse.GetValue(GlobalOptions.Config) ?? env.GetVariable("SNIPER_CONFIG");
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        return Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
    }

    /// <summary>Loads and validates the configuration, with every problem reported.</summary>
    public static ConfigLoadResult Load(ParseResult parse, CliEnvironment env)
    {
        var path = PathOf(parse, env);
        string? yaml = null;
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"configuration file '{path}' does not exist");
            }

            yaml = File.ReadAllText(path);
        }

        return ConfigLoader.Load(yaml, path ?? "(defaults)", env.SniperVariables());
    }

    /// <summary>Loads the configuration or fails with exit code 2 listing every problem.</summary>
    public static SniperConfig LoadOrThrow(ParseResult parse, CliEnvironment env)
    {
        var result = Load(parse, env);
        if (!result.IsValid)
        {
            throw new UsageException("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
        }

        return result.Config;
    }
}
