using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests;

/// <summary>An emulated account for CLI tests: a VPC, a subnet and an instance in moto, and the variables that reach it.</summary>
internal static class MotoTestAccount
{
    /// <summary>An EC2 client on the emulator, for arranging and checking what the CLI did.</summary>
    public static AmazonEC2Client Ec2(MotoServerFixture moto) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonEC2Config { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

    /// <summary>An S3 client on the emulator (path-style, as an endpoint on an address needs).</summary>
    public static Amazon.S3.AmazonS3Client S3(MotoServerFixture moto) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new Amazon.S3.AmazonS3Config { ServiceURL = moto.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>An SQS client on the emulator.</summary>
    public static Amazon.SQS.AmazonSQSClient Sqs(MotoServerFixture moto) =>
        new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new Amazon.SQS.AmazonSQSConfig { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

    /// <summary>The variables that point <c>sniper</c> at the emulator, and only through <c>AWS_ENDPOINT_URL</c>.</summary>
    public static Dictionary<string, string> Variables(MotoServerFixture moto) => new()
    {
        ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString(),
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
        ["AWS_REGION"] = "us-east-1",
    };

    /// <summary>Creates a VPC with one subnet and, when asked, one instance in it.</summary>
    public static async Task<(string Vpc, string Subnet, string? Instance)> ArrangeAsync(AmazonEC2Client ec2, bool withInstance, CancellationToken ct)
    {
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.0.1.0/24" }, ct)).Subnet.SubnetId;
        var instance = withInstance
            ? (await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12c6146b", MinCount = 1, MaxCount = 1, SubnetId = subnet }, ct)).Reservation.Instances[0].InstanceId
            : null;
        return (vpc, subnet, instance);
    }

    /// <summary>Writes the bundled SSH brute-force finding to <paramref name="path"/>, retargeted at <paramref name="instance"/>.</summary>
    public static async Task WriteSshFindingAsync(string path, string instance, CancellationToken ct)
    {
        var sample = Path.Combine(RepoRoot.Find()!, "samples", "findings", "guardduty-eventbridge-ssh-bruteforce.json");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(sample, ct)).Replace("i-0f3a9c2e7b1d45a86", instance, StringComparison.Ordinal), ct);
    }
}
