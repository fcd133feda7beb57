using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class RunbookCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("runbook-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                dir = dir.Parent;
            }

            return dir!.FullName;
        }
    }

    private static string? Corpus
    {
        get
        {
            for (var dir = Directory.GetParent(RepoRoot); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpora", "cloudtrail");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string>(), args);

    private Task<(int Exit, string Out, string Err)> RunWithAsync(Dictionary<string, string> variables, params string[] args) => RunInAsync(_dir.FullName, variables, args);

    private static async Task<(int Exit, string Out, string Err)> RunInAsync(string directory, Dictionary<string, string> variables, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => Stream.Null,
            CurrentDirectory = directory,
            GetVariable = k => variables.GetValueOrDefault(k),
            Time = new FixedTime(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)),
        };
        var exit = await CliApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Runbook_OverTheCorpora_WritesHtmlAndJsonWithTheCorpusFigures()
    {
        CloudSniper.Testing.Requirement.SkipUnless(Corpus is not null, "the shared CloudTrail corpora are not beside the repository");

        var (exit, stdout, stderr) = await RunAsync("runbook", "--cloudtrail", Corpus, "--rules", Path.Combine(RepoRoot, "rules", "cloudtrail"), "--format", "html,json", "--out", "report");
        Assert.True(exit == 0, stderr);
        var out1 = Path.Combine(_dir.FullName, "report");
        Assert.Equal([Path.Combine(out1, "runbook-report.html"), Path.Combine(out1, "runbook-report.json")], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(out1, "runbook-report.json")));
        var ct = doc.RootElement.GetProperty("cloudTrail");
        Assert.Equal(413, ct.GetProperty("records").GetInt64());
        Assert.Equal(1, ct.GetProperty("consoleLogins").GetArrayLength());
        Assert.Equal(129, doc.RootElement.GetProperty("detections").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("changes").ValueKind);
        Assert.Contains("413 CloudTrail records", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_RunTwice_ComparesWithThePreviousReport()
    {
        var first = Path.Combine(_dir.FullName, "one.json");
        File.WriteAllText(first, """[{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventTime":"2024-01-01T00:00:00Z"}]""");
        Assert.Equal(0, (await RunAsync("runbook", "--cloudtrail", "one.json", "--rules", "none", "--format", "json", "--out", "out")).Exit);
        File.WriteAllText(Path.Combine(_dir.FullName, "two.json"), """[{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","eventTime":"2024-01-02T00:00:00Z"}]""");
        Assert.Equal(0, (await RunAsync("runbook", "--cloudtrail", "*.json", "--rules", "none", "--format", "json,md", "--out", "out")).Exit);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        var changes = doc.RootElement.GetProperty("changes").GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("item").GetString()).ToList();
        Assert.Equal(["cloudtrail.amazonaws.com StopLogging"], changes);
        Assert.Contains("Changes since", File.ReadAllText(Path.Combine(_dir.FullName, "out", "runbook-report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_GivenABadRecord_ReportsItAndExitsThree()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "mixed.jsonl"), "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}\n{oops\n");
        var (exit, _, stderr) = await RunAsync("runbook", "--cloudtrail", "mixed.jsonl", "--rules", "none", "--format", "json", "--out", "out");
        Assert.Equal(ExitCodes.InputRejected, exit);
        Assert.Contains("mixed.jsonl:2", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        var input = doc.RootElement.GetProperty("inputs")[0];
        Assert.Equal(1, input.GetProperty("records").GetInt64());
        Assert.Equal(1, input.GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task Runbook_GivenASnapshotWithAccessDenied_RunsTheChecksAndExitsFour()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """
            {"accounts":[{"accountId":"123456789012","root":{"mfaActive":true},
              "regions":[{"region":"eu-west-1","guardDutyDetectors":[],"errors":[{"service":"guardduty","operation":"ListDetectors","permission":"guardduty:ListDetectors","accessDenied":true,"message":"not authorized"}]}]}]}
            """);
        File.WriteAllText(Path.Combine(_dir.FullName, "mute.txt"), "config-recording * eu-west-1 # no Config in the sandbox\n");
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--mute", "mute.txt", "--format", "json", "--out", "out");
        Assert.Equal(ExitCodes.Aws, exit);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("ERROR", checks["guardduty-enabled"]);
        Assert.Equal("MUTED", checks["config-recording"]);
        Assert.Equal("PASS", checks["root-mfa"]);
        Assert.Contains("1 ERROR", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runbook", "--format", "json")]
    [InlineData("runbook", "--cloudtrail", "x.json", "--format", "pdfx")]
    [InlineData("runbook", "--cloudtrail", "x.json", "--slack", "not a url")]
    [InlineData("runbook", "--cloudtrail", "x.json", "--rules", "no-such-dir")]
    public async Task Runbook_GivenBadUsage_ExitsTwo(params string[] args)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "x.json"), "[]");
        var (exit, _, stderr) = await RunAsync(args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("sniper: ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cloudtrail", "no-such-dir")]
    [InlineData("--cloudtrail", "trail/*.jsonx")]
    [InlineData("--guardduty", "guardduty.jsn")]
    [InlineData("--inspector", "empty")]
    public async Task Runbook_GivenAPathThatMatchesNothing_ExitsTwoAndKeepsThePreviousReport(string option, string path)
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty"));
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "trail"));
        File.WriteAllText(Path.Combine(_dir.FullName, "trail", "one.json"), """[{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventTime":"2024-01-01T00:00:00Z"}]""");
        Assert.Equal(0, (await RunAsync("runbook", "--cloudtrail", "trail", "--rules", "none", "--format", "json", "--out", "out")).Exit);
        var previous = Path.Combine(_dir.FullName, "out", "runbook-report.json");
        var before = File.ReadAllBytes(previous);

        var (exit, stdout, stderr) = await RunAsync("runbook", option, path, "--rules", "none", "--format", "json,md", "--out", "out");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.Equal(before, File.ReadAllBytes(previous));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "out", "runbook-report.md")));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("critical", 5)]
    [InlineData("high", 5)]
    [InlineData("low", 5)]
    public async Task Runbook_WithFailOn_ExitsFiveWhenACheckAtOrAboveThatSeverityFails(string? failOn, int expected)
    {
        // root-mfa is a critical check; it fails on this snapshot.
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":false},"regions":[]}]}""");
        string[] args = ["runbook", "--snapshot", "snapshot.json", "--format", "json", "--out", "out"];
        var (exit, _, stderr) = await RunAsync(failOn is null ? args : [.. args, "--fail-on", failOn]);
        Assert.True(expected == exit, stderr);
    }

    [Theory]
    [InlineData("high", 0)]
    [InlineData("medium", 5)]
    public async Task Runbook_WithFailOn_IgnoresFailuresBelowThatSeverityAndMutedOnes(string failOn, int expected)
    {
        // Without regions this snapshot fails two critical checks (muted here) and two medium ones (the trail's validation and KMS).
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":false},"regions":[]}]}""");
        File.WriteAllText(Path.Combine(_dir.FullName, "mute.txt"), "root-mfa * # break-glass account\ncloudtrail-multi-region-logging * # organisation trail\n");
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--mute", "mute.txt", "--format", "json", "--out", "out", "--fail-on", failOn);
        Assert.True(expected == exit, stderr);
    }

    [Fact]
    public async Task Runbook_GivenAnUnknownFailOnSeverity_ExitsTwo()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":true},"regions":[]}]}""");
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--format", "json", "--out", "out", "--fail-on", "severe");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("severe", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_GivenAFailedCheck_GivesItsRemediationAndCisIdsInJsonMarkdownAndHtml()
    {
        // CIS AWS Foundations Benchmark v3.0: 1.5 "Ensure MFA is enabled for the 'root' user account", 1.6 hardware MFA for root.
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":false},"regions":[]}]}""");
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--format", "json,md,html", "--out", "out");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        var mfa = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "root-mfa");
        Assert.Equal(["1.5", "1.6"], mfa.GetProperty("cis").EnumerateArray().Select(c => c.GetString()));
        var remediation = mfa.GetProperty("remediation").GetString();
        Assert.Contains("assign an MFA device", remediation, StringComparison.Ordinal);
        var md = File.ReadAllText(Path.Combine(_dir.FullName, "out", "runbook-report.md"));
        Assert.Contains("| CIS |", md, StringComparison.Ordinal);
        Assert.Contains("1.5, 1.6", md, StringComparison.Ordinal);
        Assert.Contains("assign an MFA device", md, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(_dir.FullName, "out", "runbook-report.html"));
        Assert.Contains("1.5, 1.6", html, StringComparison.Ordinal);
        Assert.Contains("assign an MFA device", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_WithIncludeSamples_ReviewsGuardDutySampleFindings()
    {
        const string sample = """{"schemaVersion":"2.0","accountId":"111122223333","region":"eu-west-1","id":"s1","arn":"arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/s1","type":"Recon:IAMUser/MaliciousIPCaller","severity":5,"title":"sample","createdAt":"2026-11-20T08:00:00Z","updatedAt":"2026-11-20T09:00:00Z","resource":{"resourceType":"AccessKey"},"service":{"serviceName":"guardduty","count":1,"archived":false,"additionalInfo":{"sample":true},"action":{"actionType":"AWS_API_CALL","awsApiCallAction":{"api":"ListBuckets"}}}}""";
        File.WriteAllText(Path.Combine(_dir.FullName, "gd.jsonl"), sample + "\n");
        Assert.Equal(0, (await RunAsync("runbook", "--guardduty", "gd.jsonl", "--rules", "none", "--format", "json", "--out", "without")).Exit);
        Assert.Equal(0, (await RunAsync("runbook", "--guardduty", "gd.jsonl", "--rules", "none", "--format", "json", "--out", "with", "--include-samples")).Exit);
        using var without = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "without", "runbook-report.json")));
        using var with = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "with", "runbook-report.json")));
        Assert.Equal(1, without.RootElement.GetProperty("guardDuty").GetProperty("samplesIgnored").GetInt32());
        Assert.Equal(0, without.RootElement.GetProperty("guardDuty").GetProperty("apiCallFindings").GetArrayLength());
        Assert.Equal(0, with.RootElement.GetProperty("guardDuty").GetProperty("samplesIgnored").GetInt32());
        Assert.Equal(1, with.RootElement.GetProperty("guardDuty").GetProperty("apiCallFindings").GetArrayLength());
    }

    [Fact]
    public async Task Runbook_WithSlack_PostsBlockKitListingTheFailedChecks()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":false},"regions":[]}]}""");
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = 200;
            context.Response.Close();
            return (context.Request.HttpMethod, context.Request.ContentType, body);
        }, TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--format", "json", "--out", "out", "--slack", $"http://127.0.0.1:{port}/hook/");
        var (method, contentType, body) = await received.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(exit == 0, stderr);
        Assert.Equal("POST", method);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(body);
        Assert.Contains("The root user has MFA enabled", body, StringComparison.Ordinal);
        Assert.Equal("header", doc.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Runbook_WhenSlackRefuses_SaysSoAndExitsOne()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "snapshot.json"), """{"accounts":[{"accountId":"123456789012","root":{"mfaActive":true},"regions":[]}]}""");
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 404;
            context.Response.Close();
        }, TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await RunAsync("runbook", "--snapshot", "snapshot.json", "--format", "json", "--out", "out", "--slack", $"http://127.0.0.1:{port}/hook/");
        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Slack webhook answered 404", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbook_WithPdf_PrintsTheHtmlWhenChromiumIsInstalled()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        CloudSniper.Testing.Requirement.SkipUnless(
            new[] { "chromium", "chromium-browser", "google-chrome" }.Any(b => path.Any(d => File.Exists(Path.Combine(d, b)))),
            "no Chromium installed (apt-get install chromium): the PDF test is skipped");

        File.WriteAllText(Path.Combine(_dir.FullName, "one.json"), """[{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventTime":"2024-01-01T00:00:00Z"}]""");
        var (exit, stdout, stderr) = await RunAsync("runbook", "--cloudtrail", "one.json", "--rules", "none", "--format", "pdf", "--out", "out");
        Assert.True(exit == 0, stderr);
        var pdf = Path.Combine(_dir.FullName, "out", "runbook-report.pdf");
        Assert.Contains(pdf, stdout, StringComparison.Ordinal);
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.InRange(document.NumberOfPages, 1, 50);
        var text = string.Join(" ", document.GetPages().Select(p => p.Text));
        Assert.Contains("Cloud Sniper daily runbook", text, StringComparison.Ordinal);
        Assert.Contains("CreateUser", text, StringComparison.Ordinal);
        Assert.Contains("iam.amazonaws.com", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readme_RunbookExamples_AreLiveOrReadFilesOfTheCheckout()
    {
        // Every 'sniper runbook' line of the README (continuations joined, comments dropped).
        var lines = File.ReadAllText(Path.Combine(RepoRoot, "README.md")).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        var examples = lines.Select(l => l.Split(" # ")[0].Trim()).Where(l => l.StartsWith("sniper runbook", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            var args = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            if (!args.Intersect(["--cloudtrail", "--guardduty", "--inspector", "--snapshot"]).Any())
            {
                Assert.True(args.Contains("--live"), $"a README example reads no file and lacks --live: {example}");
                continue;
            }

            var outAt = args.IndexOf("--out");
            args[outAt + 1] = Path.Combine(_dir.FullName, "readme-report");
            var (exit, _, stderr) = await RunInAsync(RepoRoot, new Dictionary<string, string>(), [.. args]);
            Assert.True(exit is ExitCodes.Ok or ExitCodes.Aws, $"{example}: exit {exit}: {stderr}");
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "readme-report", "runbook-report.json")));
            Assert.True(doc.RootElement.GetProperty("cloudTrail").GetProperty("records").GetInt64() > 0, example);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
