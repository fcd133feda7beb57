namespace CloudSniper.Cli.Hosting;

/// <summary>
/// What a verb may touch of the outside world: standard streams, environment variables, the clock and the
/// user's data directory. Tests build one over in-memory writers.
/// </summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<Stream> OpenStdin { get; init; }

    /// <summary>True under <c>--quiet</c>: summaries, progress and "wrote" lines are not printed; errors and rejections still are.</summary>
    public bool Quiet { get; init; }

    /// <summary>Where summaries and other informational lines go: stderr, or nowhere under <c>--quiet</c>.</summary>
    public TextWriter Notes => Quiet ? TextWriter.Null : Error;

    /// <summary>True when stderr is a terminal: progress bars are drawn only then.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>True when stdout is a terminal: tables get colour only then.</summary>
    public bool OutIsTerminal { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The <c>SNIPER_*</c> variables, which override configuration keys.</summary>
    public Func<IEnumerable<KeyValuePair<string, string>>> SniperVariables { get; init; } = Core.Configuration.ConfigLoader.ProcessEnvironment;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>True when colour is off: <c>NO_COLOR</c> set, or output not a terminal.</summary>
    public bool NoColor => !string.IsNullOrEmpty(GetVariable("NO_COLOR")) || !OutIsTerminal;

    /// <summary>The user's data directory for the embedded store: <c>$SNIPER_HOME</c>, <c>$XDG_DATA_HOME/cloudsniper</c> or <c>~/.local/share/cloudsniper</c>.</summary>
    public string DataDirectory
    {
        get
        {
            var home = GetVariable("SNIPER_HOME");
            if (!string.IsNullOrEmpty(home))
            {
                return home;
            }

            var xdg = GetVariable("XDG_DATA_HOME");
            if (!string.IsNullOrEmpty(xdg))
            {
                return Path.Combine(xdg, "cloudsniper");
            }

            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "cloudsniper");
        }
    }

    /// <summary>The process's real environment.</summary>
    public static CliEnvironment FromProcess()
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        return new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = Console.OpenStandardInput,
            OutIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
    }
}
