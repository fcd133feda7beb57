using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Schema;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Configuration;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper config validate|show|schema</c>: check, print and describe the configuration.</summary>
public static class ConfigCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("config", "Validate, show or describe the YAML configuration (--config or $SNIPER_CONFIG, overridable by SNIPER_* variables)");

        var validate = new Command("validate", "Check the configuration and every SNIPER_* override; print each problem with file:line:column. Exit 0 when valid, 2 otherwise");
        var file = new Argument<string?>("file") { Description = "Configuration file to check (default: --config or $SNIPER_CONFIG)", Arity = ArgumentArity.ZeroOrOne };
        validate.Arguments.Add(file);
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(file);
            var result = path is null
                ? ConfigResolver.Load(parse, env)
                : ConfigLoader.Load(ReadOrThrow(Path.Combine(env.CurrentDirectory, path)), path, env.SniperVariables());
            if (result.IsValid)
            {
                env.Out.WriteLine($"{path ?? ConfigResolver.PathOf(parse, env) ?? "(defaults)"}: valid");
                return ExitCodes.Ok;
            }

            foreach (var error in result.Errors)
            {
                env.Out.WriteLine(error.ToString());
            }

            env.Error.WriteLine($"{result.Errors.Count} problem(s) found");
            return ExitCodes.Usage;
        });

        var show = new Command("show", "Print the effective configuration (file, defaults and overrides merged) as JSON");
        show.SetAction(parse =>
        {
            var config = ConfigResolver.LoadOrThrow(parse, env);
            env.Out.WriteLine(JsonSerializer.Serialize(config, JsonOutput.Indented));
            return ExitCodes.Ok;
        });

        var schema = new Command("schema", "Print the JSON schema of the configuration file, for editors and CI checks");
        schema.SetAction(_ =>
        {
            var node = JsonSchemaExporter.GetJsonSchemaAsNode(JsonOutput.Indented, typeof(SniperConfig));
            env.Out.WriteLine(node.ToJsonString(JsonOutput.Indented));
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(validate);
        command.Subcommands.Add(show);
        command.Subcommands.Add(schema);
        return command;
    }

    private static string ReadOrThrow(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"configuration file '{path}' does not exist");
}
