using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using CloudSniper.Aws.Posture;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Aws.Tests.Posture;

/// <summary>The live collector against moto (an AWS API emulator) reached only through AWS_ENDPOINT_URL; skipped when python3 or moto is missing.</summary>
public sealed class AwsPostureCollectorMotoTests
{
    [Fact]
    public async Task Collect_AgainstMoto_ReadsEveryServiceWithoutErrorsAndSeesASeededDetector()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        Process server;
        try
        {
            server = Process.Start(new ProcessStartInfo("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 is not installed: the moto integration test is skipped");
            return;
        }

        try
        {
            var endpoint = $"http://127.0.0.1:{port}";
            using var http = new HttpClient();
            var ready = false;
            for (var i = 0; i < 100 && !ready && !server.HasExited; i++)
            {
                try
                {
                    ready = (await http.GetAsync(endpoint + "/moto-api/", ct)).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100, ct);
                }
            }

            if (!ready)
            {
                Assert.Skip("moto did not start (python3 -m moto.server): the moto integration test is skipped");
            }

            var credentials = new BasicAWSCredentials("testing", "testing");
            using (var guardDuty = new CloudSniper.Aws.Posture.Internal.SignedServiceClient(credentials, "us-east-1", "guardduty", new Uri(endpoint + "/"), new SocketsHttpHandler()))
            {
                await guardDuty.RestAsync(HttpMethod.Post, "detector", new { enable = true }, ct);
            }

            var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint };
            var collector = new AwsPostureCollector(credentials, "us-east-1", k => env.GetValueOrDefault(k), TimeProvider.System);
            var snapshot = await collector.CollectAsync(new PostureCollectionOptions { Regions = ["us-east-1"] }, ct);

            var account = Assert.Single(snapshot.Accounts);
            Assert.Matches("^[0-9]{12}$", account.AccountId);
            var region = Assert.Single(account.Regions);
            Assert.True(region.Errors.Count == 0, string.Join("; ", region.Errors.Select(e => $"{e.Service} {e.Operation}: {e.Message}")));
            Assert.Equal("ENABLED", Assert.Single(region.GuardDutyDetectors).Status);
            Assert.NotEmpty(region.Vpcs);

            var results = PostureChecks.Evaluate(snapshot, new CheckContext(DateTimeOffset.UtcNow)).ToLookup(r => r.Id);
            Assert.Equal(CheckStatus.Pass, Assert.Single(results["guardduty-enabled"]).Status);
            Assert.Equal(CheckStatus.Fail, Assert.Single(results["cloudtrail-multi-region-logging"]).Status);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            server.Dispose();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
