using System.Text.Json;
using Amazon.S3.Model;
using CloudSniper.Cli.Hosting;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary>The runbook job's reports in a directory and under an S3 prefix (moto, reached only through AWS_ENDPOINT_URL).</summary>
public sealed class JobsMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-jobs-s3-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 12, TimeSpan.Zero));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Out, string Error)> Sniper(Dictionary<string, string> vars, params string[] args)
    {
        vars["SNIPER_HOME"] = Path.Combine(_dir, "home");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => Stream.Null,
            CurrentDirectory = _dir,
            GetVariable = name => vars.GetValueOrDefault(name),
            SniperVariables = () => vars.Where(v => v.Key.StartsWith("SNIPER_", StringComparison.Ordinal)).ToList(),
            Time = _time,
        };
        var code = await CliApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string> OfflineRunbook(string output) => new()
    {
        ["SNIPER_JOBS__RUNBOOK__LIVE"] = "false",
        ["SNIPER_JOBS__RUNBOOK__CLOUD_TRAIL"] = Path.Combine(RepoRoot.Find()!, "samples", "runbook", "cloudtrail"),
        ["SNIPER_JOBS__RUNBOOK__FORMATS"] = "json,md",
        ["SNIPER_JOBS__RUNBOOK__OUT"] = output,
    };

    [Fact]
    public async Task RunbookJob_WritesItsReportsInAFolderNamedForTheRun()
    {
        var (code, output, error) = await Sniper(OfflineRunbook("reports"), "jobs", "run", "runbook");

        Assert.True(code == 0, error);
        Assert.Contains("files=2", output, StringComparison.Ordinal);
        var folder = Path.Combine(_dir, "reports", "20261123T060012Z");
        Assert.True(File.Exists(Path.Combine(folder, "runbook-report.json")));
        Assert.True(File.Exists(Path.Combine(folder, "runbook-report.md")));
    }

    [Fact]
    public async Task RunbookJob_PutsItsReportsUnderTheS3Prefix()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        using var s3 = MotoTestAccount.S3(moto);
        await s3.PutBucketAsync("sec-reports", ct);
        var vars = OfflineRunbook("s3://sec-reports/runbook");
        foreach (var (k, v) in MotoTestAccount.Variables(moto))
        {
            vars[k] = v;
        }

        var (code, output, error) = await Sniper(vars, "jobs", "run", "runbook");

        Assert.True(code == 0, error);
        Assert.Contains("uploaded=2", output, StringComparison.Ordinal);
        var keys = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sec-reports", Prefix = "runbook/" }, ct)).S3Objects.Select(o => o.Key).Order().ToList();
        Assert.Equal(["runbook/20261123T060012Z/runbook-report.json", "runbook/20261123T060012Z/runbook-report.md"], keys);
        using var report = await s3.GetObjectAsync("sec-reports", "runbook/20261123T060012Z/runbook-report.json", ct);
        using var doc = await JsonDocument.ParseAsync(report.ResponseStream, cancellationToken: ct);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task RunbookJob_WithAnUnreachableBucket_FailsWithTheAwsExitCode_AndTheHistorySaysWhy()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        var vars = OfflineRunbook("s3://no-such-bucket/runbook");
        foreach (var (k, v) in MotoTestAccount.Variables(moto))
        {
            vars[k] = v;
        }

        var (code, _, error) = await Sniper(vars, "jobs", "run", "runbook");
        var history = await Sniper(vars, "jobs", "history", "runbook", "--format", "json");

        Assert.Equal(ExitCodes.Aws, code);
        Assert.Contains("NoSuchBucket", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(history.Out);
        var run = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("failed", run.GetProperty("outcome").GetString());
        Assert.Contains("NoSuchBucket", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamReviewJob_ReviewsTheAccountLive_RecordsItsFigures_AndChangesNothingWithoutApply()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        await IamAsync(ct, ("Action", "CreateUser"), ("UserName", "console-only"));
        await IamAsync(ct, ("Action", "CreateLoginProfile"), ("UserName", "console-only"), ("Password", "Initial-Passw0rd!"));
        var vars = MotoTestAccount.Variables(moto).ToDictionary(v => v.Key, v => v.Value);

        var (code, output, error) = await Sniper(vars, "jobs", "run", "iam-review");
        var history = await Sniper(vars, "jobs", "history", "iam-review", "--format", "json");

        Assert.True(code == 0, error + output);
        using var doc = JsonDocument.Parse(history.Out);
        var run = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("succeeded", run.GetProperty("outcome").GetString());

        // A console password without MFA is a finding (CIS 1.10) whatever the clock says.
        Assert.True(run.GetProperty("figures").GetProperty("findings").GetInt64() >= 1, history.Out);

        // Without jobs.iamReview.apply the job only plans: the password is still there.
        await IamAsync(ct, ("Action", "GetLoginProfile"), ("UserName", "console-only"));
    }

    private async Task IamAsync(CancellationToken ct, params (string Key, string Value)[] form)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([.. form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("Version", "2010-05-08")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.ServiceUrl) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
