using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper ip-ranges refresh</c> without <c>--file</c>: downloads the configured URL (AWS's by default).</summary>
public sealed class IpRangesCommandTests : IDisposable
{
    private const string Ranges = """{"syncToken":"7","createDate":"2026-12-01-00-00-00","prefixes":[{"ip_prefix":"45.155.0.0/16","region":"eu-west-1","service":"EC2"},{"ip_prefix":"3.5.0.0/16","region":"eu-west-1","service":"S3"}],"ipv6_prefixes":[]}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ipr-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Refresh_WithoutFileOrUrl_DownloadsTheConfiguredUrl_AndKeepsTheInstalledCopyWhenTheNextDownloadIsGarbage()
    {
        using var server = new OneFileServer();
        await File.WriteAllTextAsync(Path.Combine(_dir, "sniper.yaml"), $"response:\n  ipRangesUrl: {server.Url}\n", TestContext.Current.CancellationToken);

        server.Body = Ranges;
        var first = await CliRun.Run(_dir, null, "--config", "sniper.yaml", "ip-ranges", "refresh");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("installed 2 prefixes (createDate 2026-12-01-00-00-00, syncToken 7)", first.Out, StringComparison.Ordinal);

        server.Body = "<html>captive portal</html>";
        var garbage = await CliRun.Run(_dir, null, "--config", "sniper.yaml", "ip-ranges", "refresh");
        Assert.Equal(3, garbage.ExitCode);
        Assert.Contains("the installed list is unchanged", garbage.Error, StringComparison.Ordinal);
        Assert.Contains("2 prefixes, createDate 2026-12-01-00-00-00", (await CliRun.Run(_dir, null, "ip-ranges", "show")).Out, StringComparison.Ordinal);

        server.Status = HttpStatusCode.ServiceUnavailable;
        var down = await CliRun.Run(_dir, null, "--config", "sniper.yaml", "ip-ranges", "refresh");
        Assert.Equal(4, down.ExitCode);
        Assert.Contains($"cannot download {server.Url}", down.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Refresh_DefaultsToAwsPublishedFile_AndRefusesPlainHttpOffLoopback()
    {
        var config = await CliRun.Run(_dir, null, "config", "show");
        Assert.Contains("https://ip-ranges.amazonaws.com/ip-ranges.json", config.Out, StringComparison.Ordinal);

        var plain = await CliRun.Run(_dir, null, "ip-ranges", "refresh", "--url", "http://example.com/ip-ranges.json");
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("is not an https URL", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Respond_SaysWhenTheGuardUsesTheBundledSubset_AndStopsSayingItOnceTheFullListIsInstalled()
    {
        var finding = Path.Combine(RepoRoot.Find()!, "samples", "findings", "guardduty-eventbridge-ssh-bruteforce.json");
        var before = await CliRun.Run(_dir, null, "respond", finding, "--offline", "--format", "json", "--quiet");
        Assert.Equal(0, before.ExitCode);
        Assert.Contains("bundled ip-ranges snapshot, a subset of", before.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_dir, "r.json"), Ranges, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await CliRun.Run(_dir, null, "ip-ranges", "refresh", "--file", "r.json")).ExitCode);
        var after = await CliRun.Run(_dir, null, "respond", finding, "--offline", "--format", "json");
        Assert.Equal(0, after.ExitCode);
        Assert.DoesNotContain("bundled ip-ranges snapshot", after.Error, StringComparison.Ordinal);
    }

    /// <summary>Serves one body on a loopback port, as a stand-in for AWS's published file.</summary>
    private sealed class OneFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private int _requests;

        public OneFileServer()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/ip-ranges.json";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public string Url { get; }

        public string Body { get; set; } = "";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public int Requests => Volatile.Read(ref _requests);

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                var bytes = Encoding.UTF8.GetBytes(Body);
                context.Response.StatusCode = (int)Status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
