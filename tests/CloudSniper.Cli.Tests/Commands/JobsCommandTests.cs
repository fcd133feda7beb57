using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Core.Jobs;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper jobs list|run|history</c> and <c>iam-policy --jobs</c> on a SQLite store, with a manual clock.</summary>
public sealed class JobsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-jobs-").FullName;
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 7, 0, TimeSpan.Zero));

    public JobsCommandTests()
    {
        _vars["SNIPER_HOME"] = Path.Combine(_dir, "home");
    }

    private string DbPath => Path.Combine(_dir, "home", "sniper.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Out, string Error)> Sniper(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => new MemoryStream(),
            CurrentDirectory = _dir,
            GetVariable = name => _vars.GetValueOrDefault(name),
            SniperVariables = () => _vars.Where(v => v.Key.StartsWith("SNIPER_", StringComparison.Ordinal)).ToList(),
            Time = _time,
        };
        var code = await CliApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<SqliteJobStore> OpenStoreAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        var store = new SqliteJobStore(DbPath, _time);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private static List<JsonElement> Rows(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task List_ShowsEveryJobWithItsSwitchScheduleAndNextRun_FromTheConfiguration()
    {
        _vars["SNIPER_JOBS__BLOCK_EXPIRY__SCHEDULE"] = "every 10s";
        _vars["SNIPER_JOBS__KB_TTL__ENABLED"] = "false";

        var (code, output, _) = await Sniper("jobs", "list", "--format", "json");

        Assert.Equal(0, code);
        var rows = Rows(output).ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["block-expiry", "runbook", "beacons", "ip-ranges", "kb-ttl", "iam-review", "dns"], rows.Keys);
        Assert.Equal("every 10s", rows["block-expiry"].GetProperty("schedule").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 7, 10, TimeSpan.Zero), rows["block-expiry"].GetProperty("nextRun").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), rows["ip-ranges"].GetProperty("nextRun").GetDateTimeOffset());
        Assert.False(rows["kb-ttl"].GetProperty("enabled").GetBoolean());
        Assert.False(rows["runbook"].GetProperty("enabled").GetBoolean());
        Assert.False(rows["kb-ttl"].TryGetProperty("nextRun", out _));
        Assert.False(rows["block-expiry"].TryGetProperty("lastRun", out _));
    }

    [Fact]
    public async Task List_ShowsTheLastOutcomeAndTheLiveLeaseHolder()
    {
        await using (var store = await OpenStoreAsync())
        {
            var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
            Assert.NotNull(await store.TryAcquireAsync("block-expiry", at, "worker-2", TimeSpan.FromMinutes(10), JobTrigger.Schedule, TestContext.Current.CancellationToken));
            Assert.NotNull(await store.TryAcquireAsync("kb-ttl", at, "worker-1", TimeSpan.FromMinutes(10), JobTrigger.Schedule, TestContext.Current.CancellationToken));
            Assert.True(await store.CompleteAsync("kb-ttl", at, "worker-1", JobOutcome.Failure("boom"), TestContext.Current.CancellationToken));
        }

        var (code, output, _) = await Sniper("jobs", "list", "--format", "json");
        _vars["COLUMNS"] = "250";
        var table = await Sniper("jobs", "list");

        Assert.Equal(0, code);
        var rows = Rows(output).ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(("running", "worker-2"), (rows["block-expiry"].GetProperty("lastOutcome").GetString(), rows["block-expiry"].GetProperty("leaseHolder").GetString()));
        Assert.Equal("failed", rows["kb-ttl"].GetProperty("lastOutcome").GetString());
        Assert.False(rows["kb-ttl"].TryGetProperty("leaseHolder", out _));
        Assert.Contains("worker-2 (until 2026-11-23 12:17:00Z)", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunKbTtl_RemovesTheExpiredIndicators_AndRecordsTheRunWithItsFigures()
    {
        Assert.Equal(0, (await Sniper("ioc", "add", "45.155.0.9", "--ttl-days", "1")).Code);
        Assert.Equal(0, (await Sniper("ioc", "add", "185.220.101.7", "--ttl-days", "30")).Code);
        _time.Advance(TimeSpan.FromDays(2));

        var (code, output, _) = await Sniper("jobs", "run", "kb-ttl");
        var history = await Sniper("jobs", "history", "kb-ttl", "--format", "json");
        var left = await Sniper("ioc", "list", "--format", "json");

        Assert.Equal(0, code);
        Assert.StartsWith("kb-ttl: succeeded in ", output, StringComparison.Ordinal);
        Assert.Contains("removed=1, scanned=2", output, StringComparison.Ordinal);
        var run = Assert.Single(Rows(history.Out));
        Assert.Equal(("manual", "succeeded", 1L), (run.GetProperty("trigger").GetString(), run.GetProperty("outcome").GetString(), run.GetProperty("figures").GetProperty("removed").GetInt64()));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 7, 0, TimeSpan.Zero), run.GetProperty("occurrence").GetDateTimeOffset());
        Assert.DoesNotContain("45.155.0.9", left.Out, StringComparison.Ordinal);
        Assert.Contains("185.220.101.7", left.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunIpRanges_InstallsTheDownload_AndAFailedOneKeepsTheCachedCopy()
    {
        var bundled = await File.ReadAllBytesAsync(Path.Combine(RepoRoot.Find()!, "data", "aws-ip-ranges.json"), TestContext.Current.CancellationToken);
        using var server = new OneFileServer();
        _vars["SNIPER_JOBS__IP_RANGES__URL"] = server.Url;
        var installed = Path.Combine(_dir, "home", "aws-ip-ranges.json");

        server.Body = bundled;
        var good = await Sniper("jobs", "run", "ip-ranges");
        server.Body = "{\"prefixes\": 7}"u8.ToArray();
        _time.Advance(TimeSpan.FromSeconds(1));
        var bad = await Sniper("jobs", "run", "ip-ranges");
        server.Status = HttpStatusCode.ServiceUnavailable;
        _time.Advance(TimeSpan.FromSeconds(1));
        var down = await Sniper("jobs", "run", "ip-ranges");

        Assert.Equal(0, good.Code);
        Assert.Equal(bundled, await File.ReadAllBytesAsync(installed, TestContext.Current.CancellationToken));
        Assert.Equal(ExitCodes.InputRejected, bad.Code);
        Assert.Contains("the cached copy stays in use", bad.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Aws, down.Code);
        Assert.Contains("503", down.Error, StringComparison.Ordinal);
        Assert.Equal(bundled, await File.ReadAllBytesAsync(installed, TestContext.Current.CancellationToken));
        var history = Rows((await Sniper("jobs", "history", "ip-ranges", "--format", "json")).Out);
        Assert.Equal(["failed", "failed", "succeeded"], history.Select(r => r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task RunBeacons_ReadsOnlyDataNewerThanTheWatermark()
    {
        // Given a day of flow logs with planted beacons, and the clock at the end of that day
        var logs = Path.Combine(_dir, "flowlogs");
        Directory.CreateDirectory(logs);
        var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = 7, Hosts = 12, Destinations = 300, Beacons = 4, MaxJitter = 0.15, MinPeriod = 60, MaxPeriod = 900, PartialShare = 0, SessionsPerHostPerHour = 3 });
        await using (var gz = new GZipStream(File.Create(Path.Combine(logs, "flows.log.gz")), CompressionLevel.Fastest))
        {
            data.WriteTo(gz);
        }

        _time.Advance(new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero) - _time.GetUtcNow());
        _vars["SNIPER_JOBS__BEACONS__PREFIX"] = "flowlogs";

        // When the job runs, and again an hour later
        var first = await Sniper("jobs", "run", "beacons");
        _time.Advance(TimeSpan.FromHours(1));
        var second = await Sniper("jobs", "run", "beacons");

        // Then the first run found the beacons of the day and the second, over the hour after the watermark, none
        Assert.Equal(0, first.Code);
        Assert.Equal(0, second.Code);
        var runs = Rows((await Sniper("jobs", "history", "beacons", "--format", "json")).Out);
        Assert.Equal(2, runs.Count);
        Assert.True(runs[1].GetProperty("figures").GetProperty("beacons").GetInt64() >= data.Beacons.Count, first.Out);
        Assert.Equal(86_400, runs[1].GetProperty("figures").GetProperty("windowSeconds").GetInt64());
        Assert.Equal(0, runs[0].GetProperty("figures").GetProperty("beacons").GetInt64());
        Assert.Equal(3_600, runs[0].GetProperty("figures").GetProperty("windowSeconds").GetInt64());
        await using var store = await OpenStoreAsync();
        Assert.Equal("2024-05-02T01:00:00.0000000+00:00", await store.GetWatermarkAsync("beacons", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunDns_FindsTheSampleTunnelInTheFirstWindow_AndNothingInTheHourAfterTheWatermark()
    {
        // Given the bundled query logs (2026-11-20, 08:00 to 12:00 UTC) and the clock at 20:00 that day
        _time.Advance(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero) - _time.GetUtcNow());
        _vars["SNIPER_JOBS__DNS__PREFIX"] = Path.Combine(RepoRoot.Find()!, "samples", "dnslogs");

        var missing = await Sniper("jobs", "run", "dns");
        _time.Advance(TimeSpan.FromHours(1));
        var second = await Sniper("jobs", "run", "dns");

        Assert.True(missing.Code == 0, missing.Error + missing.Out);
        Assert.True(second.Code == 0, second.Error + second.Out);
        var runs = Rows((await Sniper("jobs", "history", "dns", "--format", "json")).Out);
        Assert.Equal(2, runs.Count);
        Assert.True(runs[1].GetProperty("figures").GetProperty("detections").GetInt64() >= 1, missing.Out);
        Assert.Equal(86_400, runs[1].GetProperty("figures").GetProperty("windowSeconds").GetInt64());
        Assert.Equal(0, runs[0].GetProperty("figures").GetProperty("detections").GetInt64());

        // The detections are findings of the knowledge base, where playbooks and incidents see them.
        var findings = await Sniper("findings", "list", "--format", "json");
        Assert.Contains("tunnel", findings.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunDns_WithoutAPrefix_FailsWithTheKeyToSet()
    {
        var (code, _, error) = await Sniper("jobs", "run", "dns");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("jobs.dns.prefix is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhileAnotherInstanceHoldsTheLease_IsRefusedAndRecordsNothing()
    {
        await using (var store = await OpenStoreAsync())
        {
            Assert.NotNull(await store.TryAcquireAsync("kb-ttl", _time.GetUtcNow().AddMinutes(-1), "worker-9", TimeSpan.FromMinutes(10), JobTrigger.Schedule, TestContext.Current.CancellationToken));
        }

        var (code, _, error) = await Sniper("jobs", "run", "kb-ttl");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("kb-ttl is running on worker-9", error, StringComparison.Ordinal);
        Assert.Single(Rows((await Sniper("jobs", "history", "--format", "json")).Out));
    }

    [Fact]
    public async Task History_ReportsAnExpiredRunningLeaseAsAbandoned_AndATakeover()
    {
        var at = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        await using (var store = await OpenStoreAsync())
        {
            Assert.NotNull(await store.TryAcquireAsync("runbook", at, "worker-dead", TimeSpan.FromMinutes(1), JobTrigger.Schedule, TestContext.Current.CancellationToken));
            Assert.NotNull(await store.TryAcquireAsync("kb-ttl", at, "worker-dead", TimeSpan.FromMinutes(1), JobTrigger.Schedule, TestContext.Current.CancellationToken));
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.NotNull(await store.TryAcquireAsync("kb-ttl", at, "worker-2", TimeSpan.FromMinutes(1), JobTrigger.Schedule, TestContext.Current.CancellationToken));
            Assert.True(await store.CompleteAsync("kb-ttl", at, "worker-2", JobOutcome.Success(), TestContext.Current.CancellationToken));
        }

        var (code, output, _) = await Sniper("jobs", "history", "--format", "json");

        Assert.Equal(0, code);
        var rows = Rows(output).ToDictionary(r => r.GetProperty("job").GetString()!);
        Assert.Equal("abandoned", rows["runbook"].GetProperty("outcome").GetString());
        Assert.Equal(("succeeded", "worker-2", "worker-dead"), (rows["kb-ttl"].GetProperty("outcome").GetString(), rows["kb-ttl"].GetProperty("instance").GetString(), rows["kb-ttl"].GetProperty("takenOverFrom").GetString()));
    }

    [Theory]
    [InlineData("run", "backup")]
    [InlineData("history", "backup")]
    public async Task UnknownJob_IsAUsageError(string verb, string name)
    {
        var (code, _, error) = await Sniper("jobs", verb, name);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown job 'backup'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamPolicy_WithJobs_AddsTheEnabledJobsPermissions_ScopedToTheirS3Locations()
    {
        _vars["SNIPER_JOBS__RUNBOOK__ENABLED"] = "true";
        _vars["SNIPER_JOBS__RUNBOOK__OUT"] = "s3://sec-reports/runbook/";
        _vars["SNIPER_JOBS__BEACONS__ENABLED"] = "true";
        _vars["SNIPER_JOBS__BEACONS__PREFIX"] = "s3://flow-logs/AWSLogs/";

        var without = await Sniper("iam-policy");
        var with = await Sniper("iam-policy", "--jobs");

        Assert.Equal(0, with.Code);
        Assert.DoesNotContain("organizations:ListAccounts", without.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(with.Out);
        var statements = doc.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var actions = statements.SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString())).ToHashSet();
        Assert.Contains("organizations:ListAccounts", actions);
        Assert.Contains("ec2:DeleteNetworkAclEntry", actions);
        var put = Assert.Single(statements, s => s.GetProperty("Sid").GetString() == "CloudSniperRunbookReports");
        Assert.Equal("arn:aws:s3:::sec-reports/runbook/*", put.GetProperty("Resource").GetString());
        var read = Assert.Single(statements, s => s.GetProperty("Action").EnumerateArray().Any(a => a.GetString() == "s3:GetObject"));
        Assert.Equal("arn:aws:s3:::flow-logs/AWSLogs/*", read.GetProperty("Resource").GetString());
        Assert.DoesNotContain(statements, s => s.GetProperty("Resource").ValueKind == JsonValueKind.String && s.GetProperty("Resource").GetString() == "*"
            && s.GetProperty("Action").EnumerateArray().Any(a => a.GetString()!.StartsWith("s3:", StringComparison.Ordinal)));
    }

    // Serves one body at a loopback URL with a status the test sets, standing in for ip-ranges.amazonaws.com.
    private sealed class OneFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public OneFileServer()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/ip-ranges.json";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public byte[] Body { get; set; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                context.Response.StatusCode = (int)Status;
                if (Status == HttpStatusCode.OK)
                {
                    await context.Response.OutputStream.WriteAsync(Body);
                }

                context.Response.Close();
            }
        }
    }
}
