namespace CloudSniper.Testing;

/// <summary>
/// Starts a real DynamoDB implementation, <c>dynalite</c> from the repository's <c>node_modules</c>, on a free loopback
/// port for the tests that use it, and stops it afterwards. When node or dynalite is not installed those tests are
/// skipped with a message saying what to install.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private EmulatorProcess? _process;
    private string? _skipReason;
    private Exception? _startError;

    /// <summary>The endpoint to give the DynamoDB client as its service URL.</summary>
    public Uri ServiceUrl => _process?.Url ?? throw new InvalidOperationException("dynalite is not running: " + (_skipReason ?? _startError?.Message));

    /// <summary>Skips the calling test when dynalite cannot run here (fails it in CI, see <see cref="Requirement"/>), and fails it when dynalite is installed but did not start.</summary>
    public void EnsureRunning()
    {
        Requirement.SkipUnless(_skipReason is null, _skipReason ?? "");
        if (_startError is not null)
        {
            throw new InvalidOperationException("dynalite is installed but did not start", _startError);
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var root = RepoRoot.Find();
        var node = ExternalCommand.Find("node");
        var cli = root is null ? null : Path.Combine(root, "node_modules", "dynalite", "cli.js");
        if (node is null)
        {
            _skipReason = "DynamoDB tests need Node.js: install node and npm (apt-get install nodejs npm), then run `npm install` at the repository root.";
            return;
        }

        if (cli is null || !File.Exists(cli))
        {
            _skipReason = "DynamoDB tests need dynalite: run `npm install` at the repository root (it installs the dynalite devDependency into node_modules).";
            return;
        }

        try
        {
            // Tables become ACTIVE at once instead of after dynalite's default 500 ms, so each test's fresh table is quick.
            _process = await EmulatorProcess.StartAsync(
                node,
                port => [cli, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
                root!,
                TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _startError = e;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
