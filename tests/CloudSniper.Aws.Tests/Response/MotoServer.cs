using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>
/// A moto server (<c>python3 -m moto.server</c>) on a free loopback port, started on demand and stopped on dispose;
/// <see cref="StartAsync"/> returns null when python3 or moto is missing so the test can skip with a reason.
/// </summary>
internal sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<(MotoServer? Server, string? Why)> StartAsync(CancellationToken cancellationToken)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {port}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "python3 is not installed, so moto cannot run");
        }

        if (process is null)
        {
            return (null, "python3 could not be started");
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return (null, "moto is not installed for python3 (python3 -m moto.server exited)");
            }

            try
            {
                using var response = await http.PostAsync(new Uri(endpoint, "/moto-api/reset"), null, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return (new MotoServer(process, endpoint), null);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        return (null, "moto did not start within 30 seconds");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
