using System.Text.Json;
using Amazon.S3.Model;
using CloudSniper.Cli.Hosting;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper dns</c> reading Resolver query logs from S3 in AWS's delivery layout, against moto.</summary>
public sealed class DnsMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private const string Bucket = "dns-logs";
    private const string Prefix = "AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d4e5f67890/";

    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-dnss3-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task An_s3_vpc_prefix_is_read_for_the_days_of_the_window_and_the_sample_tunnel_is_found()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using (var s3 = MotoTestAccount.S3(moto))
        {
            await s3.PutBucketAsync(Bucket, ct);
            var sample = Directory.GetFiles(Path.Combine(Samples.Directory(), "dnslogs"), "*.log.gz", SearchOption.AllDirectories).Single();
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Prefix + "2026/11/20/" + Path.GetFileName(sample), FilePath = sample }, ct);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Prefix + "2026/11/01/old.log", ContentBody = "not a query log" }, ct);
        }

        var run = await CliRun.Run(_dir, MotoTestAccount.Variables(moto), "dns", $"s3://{Bucket}/{Prefix}", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-21T00:00:00Z",
            "--format", "json", "--store", "sqlite:kb.db", "--no-record");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var doc = JsonDocument.Parse(run.Out);
        var detection = Assert.Single(doc.RootElement.GetProperty("detections").EnumerateArray());
        Assert.Equal("data-sync.example", detection.GetProperty("domain").GetString());

        // The day outside the window holds an object that is not a query log: listing by day never opened it.
        Assert.Contains("files 1,", run.Error, StringComparison.Ordinal);
        Assert.Contains("rejected 0;", run.Error, StringComparison.Ordinal);
    }
}
