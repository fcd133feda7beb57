using System.IO.Compression;
using System.Text;
using Amazon.S3.Model;
using CloudSniper.Aws.Sources;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.Sources;

public sealed class S3InputSourceTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    [Fact]
    public async Task Enumerate_GivenPrefix_ListsEveryObjectUnderItAndStreamsItsContent()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var s3 = AwsTestClients.S3(moto.ServiceUrl);
        await s3.PutBucketAsync("findings-s3-list", ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "findings-s3-list", Key = "gd/2026/11/a.json", ContentBody = "{\"a\":1}" }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "findings-s3-list", Key = "gd/2026/11/b.jsonl.gz", InputStream = new MemoryStream(Gzip("{\"b\":2}\n")) }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "findings-s3-list", Key = "gd/folder/", ContentBody = "" }, ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "findings-s3-list", Key = "other/c.json", ContentBody = "{}" }, ct);

        var source = new S3InputSource(s3, new S3Prefix("findings-s3-list", "gd/"));
        var documents = await source.EnumerateAsync(ct).ToListAsync(ct);

        Assert.Equal(["s3://findings-s3-list/gd/2026/11/a.json", "s3://findings-s3-list/gd/2026/11/b.jsonl.gz"], documents.Select(d => d.Name));
        await using var stream = await documents[0].OpenAsync(ct);
        using var reader = new StreamReader(stream);
        Assert.Equal("{\"a\":1}", await reader.ReadToEndAsync(ct));
    }

    [Fact]
    public async Task Enumerate_GivenMoreObjectsThanOnePage_FollowsContinuationTokens()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var s3 = AwsTestClients.S3(moto.ServiceUrl);
        await s3.PutBucketAsync("findings-s3-pages", ct);
        for (var i = 0; i < 1005; i++)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "findings-s3-pages", Key = $"p/{i:D5}.json", ContentBody = "{}" }, ct);
        }

        var documents = await new S3InputSource(s3, new S3Prefix("findings-s3-pages", "p/")).EnumerateAsync(ct).ToListAsync(ct);

        Assert.Equal(1005, documents.Count);
        Assert.Equal(1005, documents.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public async Task Open_GivenMissingBucket_ThrowsAnIoErrorTheIngestReportsPerDocument()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var s3 = AwsTestClients.S3(moto.ServiceUrl);

        var source = new S3InputSource(s3, new S3Prefix("no-such-bucket-here", ""));

        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(async () => await source.EnumerateAsync(ct).ToListAsync(ct));
    }

    [Theory]
    [InlineData("s3://bucket/a/b/", "bucket", "a/b/")]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("S3://bucket/x", "bucket", "x")]
    public void Parse_GivenUri_SplitsBucketAndPrefix(string uri, string bucket, string prefix)
    {
        Assert.True(S3Prefix.TryParse(uri, out var location));
        Assert.Equal(new S3Prefix(bucket, prefix), location);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3://ab/x")]
    [InlineData("file:///tmp")]
    public void Parse_GivenBadUri_Refuses(string uri)
    {
        Assert.False(S3Prefix.TryParse(uri, out _));
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
