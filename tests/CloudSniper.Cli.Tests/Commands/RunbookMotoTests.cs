using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudSniper.Cli.Hosting;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper runbook</c> against moto (S3 inputs, live posture collection), reached only through AWS_ENDPOINT_URL.</summary>
public sealed class RunbookMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("runbook-s3-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Runbook_GivenAnS3Prefix_ReadsTheGzippedDeliveryFilesFromTheBucket()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        var endpoint = moto.ServiceUrl.ToString().TrimEnd('/');
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync("trail-bucket", ct);
        var records = string.Join(",", Enumerable.Range(0, 25).Select(i => $$"""{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventTime":"2024-01-01T00:{{i:00}}:00Z"}"""));
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes("{\"Records\":[" + records + "]}"));
        }

        packed.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "trail-bucket", Key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/01/a.json.gz", InputStream = packed }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "trail-bucket", Key = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/01/b.json", ContentBody = "[{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}]" }, ct);

        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint, ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_REGION"] = "us-east-1" };
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = new StringWriter(),
            Error = stderr,
            OpenStdin = () => Stream.Null,
            CurrentDirectory = _dir.FullName,
            GetVariable = k => variables.GetValueOrDefault(k),
        };
        var exit = await CliApp.RunAsync(["runbook", "--cloudtrail", "s3://trail-bucket/AWSLogs/", "--rules", "none", "--format", "json", "--out", "out"], env, ct);
        Assert.True(exit == 0, stderr.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        var input = doc.RootElement.GetProperty("inputs")[0];
        Assert.Equal(2, input.GetProperty("files").GetInt32());
        Assert.Equal(26, input.GetProperty("records").GetInt64());
        Assert.Equal("s3://trail-bucket/AWSLogs/", input.GetProperty("paths")[0].GetString());
    }

    [Fact]
    public async Task Runbook_Live_CollectsThePostureAndWritesTheChecksAndTheSnapshot()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        var endpoint = moto.ServiceUrl.ToString().TrimEnd('/');
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint, ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_REGION"] = "us-east-1" };
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = new StringWriter(),
            Error = stderr,
            OpenStdin = () => Stream.Null,
            CurrentDirectory = _dir.FullName,
            GetVariable = k => variables.GetValueOrDefault(k),
        };
        var exit = await CliApp.RunAsync(["runbook", "--live", "--region", "us-east-1", "--save-snapshot", "snapshot.json", "--format", "json", "--out", "out"], env, ct);

        // moto has no trail, detector or hub: those checks fail; its credential report has no root row: those are errors (exit 4).
        Assert.True(exit == ExitCodes.Aws, stderr.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "out", "runbook-report.json")));
        Assert.Equal("live", doc.RootElement.GetProperty("mode").GetString());
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("id").GetString() == "guardduty-enabled" && c.GetProperty("status").GetString() == "FAIL" && c.GetProperty("region").GetString() == "us-east-1");
        Assert.Contains(checks, c => c.GetProperty("id").GetString() == "root-mfa" && c.GetProperty("status").GetString() == "ERROR");
        using var snapshot = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir.FullName, "snapshot.json")));
        Assert.Equal("us-east-1", snapshot.RootElement.GetProperty("accounts")[0].GetProperty("regions")[0].GetProperty("region").GetString());
    }
}
