using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>DynamoDB clients for local emulators: fixed test credentials, us-east-1 signing, the emulator's URL.</summary>
internal static class TestDynamoDbClients
{
    public static AmazonDynamoDBClient For(Uri serviceUrl) => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = "us-east-1" });
}
