using System.IO.Compression;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudSniper.Aws.FlowLogs;
using CloudSniper.Aws.Sources;
using S3Prefix = CloudSniper.Aws.Sources.S3Prefix;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Ingestion;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.FlowLogs;

/// <summary>Flow logs read from S3 in AWS's delivery layout, against moto.</summary>
public sealed class FlowLogsOnS3Tests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    [Fact]
    public async Task Read_GivenGzipObjectsInTheDeliveryLayout_FindsThePlantedBeaconsOfTheWindowOnly()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = moto.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync("flow-logs", ct);
        var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = 3, Hosts = 8, Destinations = 200, Beacons = 3, MinPeriod = 60, MaxPeriod = 600, MaxJitter = 0.1, PartialShare = 0, SessionsPerHostPerHour = 2 });
        using var body = new MemoryStream();
        using (var gz = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            data.WriteTo(gz);
        }

        const string Day = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "flow-logs", Key = Day + "123456789012_vpcflowlogs_us-east-1_fl-0a1b_20240501T0000Z_abc.log.gz", InputStream = new MemoryStream(body.ToArray()) }, ct);

        // A day outside the window, which listing by day must never open.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "flow-logs", Key = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/04/20/old.log", ContentBody = "not a flow log" }, ct);

        var since = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var until = since.AddDays(1);
        var prefixes = FlowLogS3Layout.Prefixes(new S3Prefix("flow-logs", "AWSLogs/123456789012/vpcflowlogs/us-east-1/"), since, until);
        var (pairs, counters) = await FlowAggregation.ReadAsync(new FlowLogReader(), Documents(s3, prefixes), new FlowAggregatorOptions { Since = since, Until = until }, 2, ct);
        var report = BeaconAnalyzer.Analyze(pairs, new BeaconOptions { Since = since, Until = until }, ct);

        Assert.Equal(1, counters.Files);
        Assert.Equal(0, counters.Rejected);
        var quality = DetectionQuality.Evaluate(report, data);
        Assert.Equal(1.0, quality.Recall);
        Assert.Equal(1.0, quality.Precision);
    }

    private static async IAsyncEnumerable<InputDocument> Documents(IAmazonS3 s3, IEnumerable<S3Prefix> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            await foreach (var d in new S3InputSource(s3, prefix).EnumerateAsync())
            {
                yield return d;
            }
        }
    }
}
