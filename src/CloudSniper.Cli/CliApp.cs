using System.CommandLine;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli;

/// <summary>Builds the <c>sniper</c> command tree and runs it.</summary>
public static class CliApp
{
    /// <summary>The root command with every verb registered.</summary>
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "Cloud Sniper: cloud security operations for AWS. Ingests GuardDuty, Security Hub and feed findings, " +
            "remembers their indicators, responds with playbooks, hunts beacons in flow logs and reviews posture daily.");
        root.Options.Add(GlobalOptions.Store);
        root.Options.Add(GlobalOptions.Config);
        root.Options.Add(GlobalOptions.Quiet);
        root.Options.Add(GlobalOptions.Profile);
        root.Options.Add(GlobalOptions.Region);
        foreach (var command in CommandRegistry.Create(env))
        {
            root.Subcommands.Add(command);
        }

        OptionConventions.Apply(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit 2, unexpected ones 1.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = Build(env);
        var parse = root.Parse(args);

        // --profile and --region reach every AWS client the verbs create, because they all read the AWS settings
        // through the environment: the tree is bound again to one where those two variables say what the options say.
        // --quiet is carried the same way, so that every verb's summary goes through env.Notes.
        var profile = parse.GetValue(GlobalOptions.Profile);
        var region = parse.GetValue(GlobalOptions.Region);
        var quiet = parse.GetValue(GlobalOptions.Quiet);
        if (profile is not null || region is not null || quiet)
        {
            env = WithAwsSettings(env, profile, region, quiet);
            root = Build(env);
            parse = root.Parse(args);
        }

        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
        try
        {
            var problems = UsageProblems(parse).ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await env.Error.WriteLineAsync($"sniper: {problem}").ConfigureAwait(false);
                }

                await env.Error.WriteLineAsync($"Run '{CommandPath(parse.CommandResult)} --help' for usage.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (parse.Action is System.CommandLine.Help.HelpAction)
            {
                using var help = new StringWriter();
                var code = await parse.InvokeAsync(new InvocationConfiguration { Output = help, Error = env.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
                await env.Out.WriteAsync(OptionConventions.Help(help.ToString())).ConfigureAwait(false);
                return code;
            }

            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (AwsSetupException ex)
        {
            await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Aws;
        }
        catch (Amazon.Runtime.AmazonServiceException ex)
        {
            var permission = ex.StatusCode == System.Net.HttpStatusCode.Forbidden || (ex.ErrorCode?.Contains("AccessDenied", StringComparison.Ordinal) ?? false)
                ? " (the caller lacks an IAM permission for this call)"
                : "";
            await env.Error.WriteLineAsync($"sniper: AWS error {ex.ErrorCode ?? ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}{permission}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Aws;
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            await env.Error.WriteLineAsync($"sniper: AWS client error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Aws;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("sniper: cancelled").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The environment with <c>AWS_PROFILE</c> and <c>AWS_REGION</c> (and <c>AWS_DEFAULT_REGION</c>) set as given.</summary>
    internal static CliEnvironment WithAwsSettings(CliEnvironment env, string? profile, string? region, bool quiet = false)
    {
        var outer = env.GetVariable;
        return new CliEnvironment
        {
            Out = env.Out,
            Error = env.Error,
            OpenStdin = env.OpenStdin,
            Quiet = quiet || env.Quiet,
            ErrorIsTerminal = env.ErrorIsTerminal,
            OutIsTerminal = env.OutIsTerminal,
            SniperVariables = env.SniperVariables,
            Time = env.Time,
            CurrentDirectory = env.CurrentDirectory,
            GetVariable = name => name switch
            {
                "AWS_PROFILE" when profile is not null => profile,
                "AWS_REGION" or "AWS_DEFAULT_REGION" when region is not null => region,
                _ => outer(name),
            },
        };
    }

    /// <summary>
    /// Every reason the command line cannot run: the parser's errors, unknown verbs and options even beside
    /// <c>--help</c>, and a token that looks like an option but fell to a file argument (<c>ingest f.json -o json</c>).
    /// <c>-</c> alone is standard input, and everything after <c>--</c> is taken literally.
    /// </summary>
    private static IEnumerable<string> UsageProblems(ParseResult parse)
    {
        var command = CommandPath(parse.CommandResult);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var literal = new HashSet<System.CommandLine.Parsing.Token>(ReferenceEqualityComparer.Instance);
        var afterDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            if (afterDoubleDash)
            {
                literal.Add(token);
            }

            afterDoubleDash |= token.Type == System.CommandLine.Parsing.TokenType.DoubleDash;
        }

        foreach (var token in parse.UnmatchedTokens)
        {
            if (reported.Add(token))
            {
                yield return Unknown(token, command);
            }
        }

        foreach (var argument in parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-' && !literal.Contains(token) && reported.Add(token.Value))
                {
                    yield return Unknown(token.Value, command);
                }
            }
        }

        foreach (var error in parse.Errors)
        {
            if (!reported.Any(r => error.Message.Contains($"'{r}'", StringComparison.Ordinal)))
            {
                yield return OptionConventions.EnumValueError(error) ?? error.Message;
            }
        }
    }

    private static string Unknown(string token, string command) =>
        token.StartsWith('-')
            ? $"unknown option '{token}' for '{command}' (a file whose name starts with '-' goes after '--')"
            : $"unknown command or argument '{token}' for '{command}'";

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Insert(0, c.Parent is null ? "sniper" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
