using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>The whole response against an AWS API emulator reached only through <c>AWS_ENDPOINT_URL</c>.</summary>
public class MotoAcceptanceTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private const string Account = "123456789012";
    private const string Region = "eu-west-1";

    [Fact]
    public async Task Enforce_GivenPortProbesAndCommandAndControl_CreatesWafAndAclEntriesAndTagsAndUndoWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret");
        using var ec2 = new AmazonEC2Client(credentials, new AmazonEC2Config { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = Region });
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, ct)).Vpc.VpcId;
        var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc, CidrBlock = "10.0.1.0/24" }, ct)).Subnet.SubnetId;
        var instance = (await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-12c6146b", MinCount = 1, MaxCount = 1, SubnetId = subnet }, ct)).Reservation.Instances[0].InstanceId;

        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString() };
        var store = new InMemoryResponseStore();
        using var response = AwsResponse.Create(
            new ResponseOptions(),
            [],
            store,
            new AwsClientOptions { Credentials = credentials, Environment = n => env.GetValueOrDefault(n), DefaultRegion = Region, MaxAttempts = 2 });

        var info = new InstanceInfo(instance, "ami-12c6146b", "m1.small", Region + "a", "running", [new NetworkInterfaceInfo(null, subnet, vpc, "10.0.1.4", null, [], [])], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty);
        var findings = Enumerable.Range(1, 50).Select(i => new Finding
        {
            Id = "probe-" + i,
            Source = FindingSource.GuardDuty,
            Type = FindingType.Parse("Recon:EC2/PortProbeUnprotectedPort"),
            Severity = 2,
            AccountId = Account,
            Region = Region,
            ResourceType = "Instance",
            Instances = [info],
            RemoteIps = [new RemoteIp($"45.155.0.{i}", NetworkDirection.Inbound, ActionKind.PortProbe, LocalPort: 22), new RemoteIp("10.9.9.9", NetworkDirection.Inbound, ActionKind.PortProbe)],
        }).ToList();

        var result = await response.Runner.RunAsync(findings, ResponseMode.Enforce, ct);

        Assert.All(result.Plan.Actions, a => Assert.Equal(ActionStatus.Executed, a.Status));
        var waf = new Wafv2Client(new SignedAwsClient(AwsServiceDescription.Wafv2, Region, credentials, new SignedClientOptions { Environment = n => env.GetValueOrDefault(n) }));
        var set = (await waf.ListIpSetsAsync("REGIONAL", ct)).Single(s => s.Name == "cloudsniper-blocked-ipv4");
        var addresses = (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses;
        Assert.Equal(50, addresses.Count);
        Assert.DoesNotContain("10.9.9.9/32", addresses);

        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        var denies = acl.Entries.Where(e => e.RuleAction == RuleAction.Deny && e.RuleNumber < 100).ToList();
        // 20 entries per direction and family (Amazon VPC quotas), the default rule and the ACL's own allow rule 100 among them: 18 denies each way.
        Assert.Equal(36, denies.Count);
        Assert.All(denies, e => Assert.InRange(e.RuleNumber ?? 0, 1, 99));
        var blocks = await store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.NetworkAcl), ct);
        Assert.Equal(36, blocks.Count);
        Assert.Contains(result.Outcomes.Values, o => o.Message.Contains("evicted", StringComparison.Ordinal));

        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.Contains(tags, t => t.Key == "cloudsniper:status" && t.Value == "attacked");
        Assert.Contains(tags, t => t.Key == "cloudsniper:finding-type" && t.Value == "Recon:EC2/PortProbeUnprotectedPort");

        // Replaying the same findings adds no duplicate entry anywhere.
        await response.Runner.RunAsync(findings, ResponseMode.Enforce, ct);
        Assert.Equal(50, (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses.Count);
        acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { NetworkAclIds = [acl.NetworkAclId] }, ct)).NetworkAcls.Single();
        Assert.Equal(36, acl.Entries.Count(e => e.RuleAction == RuleAction.Deny && e.RuleNumber < 100));

        // Undo of the tag action removes the tags; unblock removes one address everywhere.
        var tagAction = result.Plan.Actions.Single(a => a.ActionKey == "tag");
        Assert.Equal(ActionStatus.Executed, (await response.Runner.UndoAsync(tagAction.Id, ct)).Status);
        tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.DoesNotContain(tags, t => t.Key.StartsWith("cloudsniper:", StringComparison.Ordinal));

        await response.Runner.UnblockAsync("45.155.0.50", ct);
        Assert.DoesNotContain("45.155.0.50/32", (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses);
    }

    [Fact]
    public async Task Enforce_GivenAnAddressAnotherTeamPutInTheIpSet_ExpiryAndUnblockLeaveItThere()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret");
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = moto.ServiceUrl.ToString() };
        var waf = new Wafv2Client(new SignedAwsClient(AwsServiceDescription.Wafv2, Region, credentials, new SignedClientOptions { Environment = n => env.GetValueOrDefault(n) }));
        var set = await waf.CreateIpSetAsync("cloudsniper-blocked-ipv4", "REGIONAL", "IPV4", "shared with the network team", ["45.155.7.7/32"], new Dictionary<string, string>(), ct);
        var time = new ManualTime(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryResponseStore();
        using var response = AwsResponse.Create(
            new ResponseOptions(),
            [],
            store,
            new AwsClientOptions { Credentials = credentials, Environment = n => env.GetValueOrDefault(n), DefaultRegion = Region, MaxAttempts = 2, Time = time });
        var finding = new Finding
        {
            Id = "probe-foreign",
            Source = FindingSource.GuardDuty,
            Type = FindingType.Parse("Recon:EC2/PortProbeUnprotectedPort"),
            Severity = 2,
            AccountId = Account,
            Region = Region,
            ResourceType = "Instance",
            RemoteIps = [new RemoteIp("45.155.7.7", NetworkDirection.Inbound, ActionKind.PortProbe, LocalPort: 22), new RemoteIp("45.155.7.8", NetworkDirection.Inbound, ActionKind.PortProbe, LocalPort: 22)],
        };

        var result = await response.Runner.RunAsync([finding], ResponseMode.Enforce, ct);

        Assert.Equal(ActionStatus.Executed, result.Plan.Actions.Single(a => a.ActionKey == "waf-block").Status);
        Assert.Equal(["45.155.7.7/32", "45.155.7.8/32"], (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses.Order());
        Assert.Equal(["45.155.7.8/32"], (await store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.Waf), ct)).Select(b => b.Address));

        time.Advance(TimeSpan.FromHours(25));
        await response.Runner.ExpireBlocksAsync(ct);
        Assert.Equal(["45.155.7.7/32"], (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses);

        Assert.Empty(await response.Runner.UnblockAsync("45.155.7.7", ct));
        Assert.Equal(["45.155.7.7/32"], (await waf.GetIpSetAsync(set.Name, "REGIONAL", set.Id, ct)).Addresses);
    }
}
