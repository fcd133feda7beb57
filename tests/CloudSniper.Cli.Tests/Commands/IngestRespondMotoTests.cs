using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper ingest --respond --apply</c> against moto, reached only through <c>AWS_ENDPOINT_URL</c>.</summary>
public sealed class IngestRespondMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ingest-moto-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task IngestRespondApply_StoresTheFindingAndBlocksAndTagsInTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonEC2Config { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.0.1.0/24" }, ct)).Subnet.SubnetId;
        var instance = (await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12c6146b", MinCount = 1, MaxCount = 1, SubnetId = subnet }, ct)).Reservation.Instances[0].InstanceId;
        var sample = Path.Combine(RepoRoot.Find()!, "samples", "findings", "guardduty-eventbridge-ssh-bruteforce.json");
        await File.WriteAllTextAsync(Path.Combine(_dir, "finding.json"), (await File.ReadAllTextAsync(sample, ct)).Replace("i-0f3a9c2e7b1d45a86", instance, StringComparison.Ordinal), ct);
        var env = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_REGION"] = "us-east-1",
            ["SNIPER_STORE"] = "sqlite:kb.db",
        };

        var run = await CliRun.Run(_dir, env, "ingest", "finding.json", "--respond", "--apply");
        var replay = await CliRun.Run(_dir, env, "ingest", "finding.json", "--respond", "--apply");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("enforce mode", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, replay.ExitCode);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.Equal(2, acl.Entries.Count(e => e.RuleAction == RuleAction.Deny && e.CidrBlock == "45.95.147.236/32"));
        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.Contains(tags, t => t.Key == "cloudsniper:finding-type" && t.Value == "UnauthorizedAccess:EC2/SSHBruteForce");
        var blocks = await CliRun.Run(_dir, env, "blocks", "list", "--format", "csv");
        Assert.Equal(3, blocks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("45.95.147.236/32", StringComparison.Ordinal)));
        var ioc = await CliRun.Run(_dir, env, "ioc", "show", "45.95.147.236");
        Assert.Equal(0, ioc.ExitCode);
    }

    [Fact]
    public async Task IngestRespond_WithoutApply_ChangesNothingInTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonEC2Config { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.0.1.0/24" }, ct)).Subnet.SubnetId;
        var env = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_REGION"] = "us-east-1",
            ["SNIPER_STORE"] = "sqlite:kb.db",
        };

        var run = await CliRun.Run(_dir, env, "ingest", Path.Combine(RepoRoot.Find()!, "samples", "findings"), "--respond");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("plan mode", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.DoesNotContain(acl.Entries, e => e.RuleAction == RuleAction.Deny && e.RuleNumber < 32767);
    }
}
