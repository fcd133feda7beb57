using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace CloudSniper.Aws.Tests.Sources;

/// <summary>S3 and SQS clients pointed at an emulator.</summary>
internal static class AwsTestClients
{
    private static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    public static AmazonS3Client S3(Uri endpoint) =>
        new(Credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    public static AmazonSQSClient Sqs(Uri endpoint) =>
        new(Credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
}
