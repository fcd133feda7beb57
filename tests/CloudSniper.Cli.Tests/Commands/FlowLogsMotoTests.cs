using System.IO.Compression;
using System.Text.Json;
using Amazon.S3.Model;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper beacons</c> and <c>sniper hunt</c> reading flow logs from S3 in AWS's delivery layout, against moto.</summary>
public sealed class FlowLogsMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private const string Bucket = "flow-logs";
    private const string Prefix = "AWSLogs/123456789012/vpcflowlogs/us-east-1/";

    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-flows3-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task BeaconsAndHunt_GivenAnS3Prefix_ReadTheDaysOfTheWindowAndFindThePlantedBeacons()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        var data = await ArrangeAsync(ct);
        var env = MotoTestAccount.Variables(moto);
        var source = $"s3://{Bucket}/{Prefix}";

        var beacons = await CliRun.Run(_dir, env, "beacons", source, "--since", "2024-05-01T00:00:00Z", "--until", "2024-05-02T00:00:00Z", "--format", "json", "--no-record");

        Assert.True(beacons.ExitCode == 0, beacons.Error + beacons.Out);
        using (var doc = JsonDocument.Parse(beacons.Out))
        {
            var reported = doc.RootElement.EnumerateArray().Select(r => (r.GetProperty("src").GetString(), r.GetProperty("dst").GetString())).ToHashSet();
            Assert.Equal(data.Beacons.Count, reported.Count);
            Assert.All(data.Beacons, b => Assert.Contains((b.Src.ToString(), b.Dst.ToString()), reported));
        }

        // The day outside the window holds an object that is not a flow log: listing by day never opened it.
        Assert.Contains("files 1,", beacons.Error, StringComparison.Ordinal);
        Assert.Contains("rejected 0;", beacons.Error, StringComparison.Ordinal);

        var target = data.Beacons[0];
        await File.WriteAllTextAsync(Path.Combine(_dir, "iocs.txt"), target.Dst + "\n", ct);
        var hunt = await CliRun.Run(_dir, env, "hunt", "--iocs", "iocs.txt", source, "--since", "2024-05-01T00:00:00Z", "--until", "2024-05-02T00:00:00Z", "--format", "json", "--no-record");

        Assert.True(hunt.ExitCode == 0, hunt.Error + hunt.Out);
        using var hits = JsonDocument.Parse(hunt.Out);
        var hit = Assert.Single(hits.RootElement.EnumerateArray(), h => h.GetProperty("src").GetString() == target.Src.ToString());
        Assert.Equal(target.Dst.ToString(), hit.GetProperty("dst").GetString());
        Assert.True(hit.GetProperty("connections").GetInt64() >= 4);
    }

    private async Task<SyntheticFlowLogs> ArrangeAsync(CancellationToken ct)
    {
        using var s3 = MotoTestAccount.S3(moto);
        await s3.PutBucketAsync(Bucket, ct);
        var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = 11, Hosts = 8, Destinations = 200, Beacons = 3, MinPeriod = 60, MaxPeriod = 600, MaxJitter = 0.1, PartialShare = 0, SessionsPerHostPerHour = 2 });
        using var body = new MemoryStream();
        using (var gz = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            data.WriteTo(gz);
        }

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Prefix + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-0a1b_20240501T0000Z_abc.log.gz", InputStream = new MemoryStream(body.ToArray()) }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Prefix + "2024/04/20/old.log", ContentBody = "not a flow log" }, ct);
        return data;
    }
}
