using System.Diagnostics;

namespace CloudSniper.Testing;

/// <summary>
/// Starts moto, an AWS API emulator (<c>python3 -m moto.server</c>), on a free loopback port for integration tests
/// that point the product at it through <c>AWS_ENDPOINT_URL</c>. When python3 or moto is missing those tests are
/// skipped with a message saying what to install.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    private EmulatorProcess? _process;
    private string? _skipReason;
    private Exception? _startError;

    /// <summary>The emulator's endpoint, for <c>AWS_ENDPOINT_URL</c> or a client's service URL.</summary>
    public Uri ServiceUrl => _process?.Url ?? throw new InvalidOperationException("moto is not running: " + (_skipReason ?? _startError?.Message));

    /// <summary>Skips the calling test when moto cannot run here (fails it in CI, see <see cref="Requirement"/>), and fails it when moto is installed but did not start.</summary>
    public void EnsureRunning()
    {
        Requirement.SkipUnless(_skipReason is null, _skipReason ?? "");
        if (_startError is not null)
        {
            throw new InvalidOperationException("moto is installed but did not start", _startError);
        }
    }

    /// <summary>Clears every emulated resource (<c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(ServiceUrl, "/moto-api/reset"), content: null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var python = ExternalCommand.Find("python3");
        if (python is null)
        {
            _skipReason = "moto tests need python3 with moto's server extra: install python3, then `pip install 'moto[server]'`.";
            return;
        }

        if (!await HasMotoAsync(python).ConfigureAwait(false))
        {
            _skipReason = $"moto tests need moto for {python}: run `{python} -m pip install 'moto[server]'`.";
            return;
        }

        try
        {
            _process = await EmulatorProcess.StartAsync(
                python,
                port => ["-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Directory.GetCurrentDirectory(),
                TimeSpan.FromSeconds(60)).ConfigureAwait(false);
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

    private static async Task<bool> HasMotoAsync(string python)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "import moto.server" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info);
        if (process is null)
        {
            return false;
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode == 0;
    }
}
