using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class HealthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-health-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("200 OK", 0)]
    [InlineData("204 No Content", 0)]
    [InlineData("503 Service Unavailable", 1)]
    public async Task Health_GivenAnAnswer_ExitsZeroOnlyFor2xx(string status, int expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = AnswerOnceAsync(listener, status);

        var run = await CliRun.Run(_dir, null, "health", "--url", $"http://127.0.0.1:{port}/healthz");
        var request = await served;

        Assert.Equal(expected, run.ExitCode);
        Assert.StartsWith("GET /healthz HTTP/1.1", request, StringComparison.Ordinal);
        Assert.Contains(status[..3], run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_GivenNothingListening_ExitsOneAndSaysUnhealthy()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await CliRun.Run(_dir, null, "health", "--url", $"http://127.0.0.1:{port}/healthz");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unhealthy", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--url", "ftp://127.0.0.1/healthz")]
    [InlineData("--timeout", "0")]
    public async Task Health_GivenBadOptions_ExitsWithUsage(string option, string value)
    {
        var run = await CliRun.Run(_dir, null, "health", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    private static async Task<string> AnswerOnceAsync(TcpListener listener, string status)
    {
        using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var body = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(body, TestContext.Current.CancellationToken);
        return request.ToString();
    }
}
