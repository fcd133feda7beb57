using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>
/// DynamoDB clients for local emulators: fixed test credentials, us-east-1 signing, the emulator's URL, and a short
/// timeout so that an emulator that died mid-run fails the tests instead of hanging them.
/// </summary>
internal static class TestDynamoDbClients
{
    public static AmazonDynamoDBClient For(Uri serviceUrl) => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(30) });
}
