using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using CloudSniper.Aws.Signing;

namespace CloudSniper.Aws.Tests.Signing;

/// <summary>Signatures pinned to vectors AWS publishes, not to the signer's own output.</summary>
public class SignedAwsClientSigningTests
{
    [Fact]
    public void Sdk_GivenTheGetVanillaCanonicalRequest_ComputesAwsPublishedSignature()
    {
        // AWS's Signature Version 4 test suite, "get-vanilla": the canonical request and the signature as published.
        const string canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var result = AWS4Signer.ComputeSignature(
            new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc),
            "service",
            "host;x-amz-date",
            canonical);

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", result.Signature);
    }

    [Fact]
    public async Task SignAsync_GivenAwsS3GetObjectExample_ProducesAwsPublishedAuthorization()
    {
        // Amazon S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload in a
        // Single Chunk", GET Object example: the request, the credentials and the Authorization header as published.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
        request.Headers.Range = new RangeHeaderValue(0, 9);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var at = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

        await SignedAwsClient.SignAsync(request, [], new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), "us-east-1", "s3", at, TestContext.Current.CancellationToken);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            request.Headers.GetValues("Authorization").Single().Replace(", ", ",", StringComparison.Ordinal));
        Assert.Equal("20130524T000000Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public async Task SignAsync_GivenSessionCredentials_SendsAndSignsTheToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://iam.amazonaws.com/") { Content = new ByteArrayContent("Action=ListRoles"u8.ToArray()) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

        await SignedAwsClient.SignAsync(request, "Action=ListRoles"u8.ToArray(), new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN/+="), "us-east-1", "iam", DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);

        Assert.Equal("SESSIONTOKEN/+=", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Contains("x-amz-security-token", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Contains("content-type", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }
}
