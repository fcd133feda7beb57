using System.CommandLine;

namespace CloudSniper.Cli.Hosting;

/// <summary>Options every verb accepts.</summary>
public static class GlobalOptions
{
    /// <summary><c>--store URI</c>: <c>sqlite:PATH</c> or <c>dynamodb:TABLE</c>; default <c>$SNIPER_STORE</c>, else a SQLite file in the data directory.</summary>
    public static Option<string?> Store { get; } = new("--store")
    {
        Description = "Knowledge base: sqlite:PATH or dynamodb:TABLE (default: $SNIPER_STORE, else sqlite in the user's data directory)",
        Recursive = true,
    };

    /// <summary><c>--config FILE</c>: the YAML configuration; default <c>$SNIPER_CONFIG</c>.</summary>
    public static Option<string?> Config { get; } = new("--config")
    {
        Description = "YAML configuration file (default: $SNIPER_CONFIG)",
        Recursive = true,
    };

    /// <summary><c>--profile NAME</c>: the AWS profile every AWS call uses, as the AWS CLI's option (wins over <c>AWS_PROFILE</c>).</summary>
    public static Option<string?> Profile { get; } = new("--profile")
    {
        Description = "AWS profile from ~/.aws/config and ~/.aws/credentials for every AWS call (like the AWS CLI's; overrides $AWS_PROFILE)",
        Recursive = true,
    };

    /// <summary><c>--region NAME</c>: the AWS region every AWS call uses (wins over <c>AWS_REGION</c>).</summary>
    public static Option<string?> Region { get; } = new("--region")
    {
        Description = "AWS region for every AWS call (like the AWS CLI's; overrides $AWS_REGION)",
        Recursive = true,
    };

    /// <summary><c>--quiet</c>: no progress or summaries on stderr.</summary>
    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print no progress or summary on stderr",
        Recursive = true,
    };

    /// <summary>A <c>--format</c> option limited to <paramref name="allowed"/>, defaulting to the first.</summary>
    public static Option<Output.OutputFormat> Format(params Output.OutputFormat[] allowed) => Format("--format", allowed);

    /// <summary>An output-format option under another name (for verbs whose <c>--format</c> means the input format).</summary>
    public static Option<Output.OutputFormat> Format(string name, params Output.OutputFormat[] allowed)
    {
        var option = new Option<Output.OutputFormat>(name, name == "--format" ? ["-f"] : [])
        {
            Description = "Output format",
            HelpName = string.Join("|", allowed.Select(a => a.ToString().ToLowerInvariant())),
            DefaultValueFactory = _ => allowed[0],
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                foreach (var a in allowed)
                {
                    if (string.Equals(a.ToString(), text, StringComparison.OrdinalIgnoreCase))
                    {
                        return a;
                    }
                }

                r.AddError($"{name} must be one of: {string.Join(", ", allowed.Select(a => a.ToString().ToLowerInvariant()))}; got '{text}'");
                return allowed[0];
            },
        };
        return option;
    }
}
