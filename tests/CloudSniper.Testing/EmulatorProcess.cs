using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudSniper.Testing;

/// <summary>
/// A local server process started for tests (dynalite, moto): bound to 127.0.0.1 on a free port, awaited until it
/// accepts connections, and killed with its children on dispose.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EmulatorProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's base address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with the arguments <paramref name="arguments"/> builds for a free port and waits
    /// up to <paramref name="timeout"/> for the port to accept connections.
    /// </summary>
    public static async Task<EmulatorProcess> StartAsync(
        string fileName,
        Func<int, IEnumerable<string>> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments(port))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var emulator = new EmulatorProcess(process, port);
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var output = emulator.Output;
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"{fileName} exited with code {process.ExitCode} before listening on port {port}: {output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return emulator;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                var output = emulator.Output;
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"{fileName} did not listen on port {port} within {timeout.TotalSeconds:0}s: {output}");
            }
        }
    }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the last few kilobytes only: enough to explain a failed start.
            if (_output.Length > 16_384)
            {
                _output.Remove(0, _output.Length - 8_192);
            }

            _output.AppendLine(line);
        }
    }
}
