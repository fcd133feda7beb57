using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper respond --apply</c> and the block verbs against moto, reached only through <c>AWS_ENDPOINT_URL</c>.</summary>
public sealed class RespondMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-moto-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RespondApply_CreatesWafAndAclEntriesAndTags_ThenUnblockUndoAndExpireClean()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = MotoTestAccount.Ec2(moto);
        var (_, subnet, created) = await MotoTestAccount.ArrangeAsync(ec2, withInstance: true, ct);
        var instance = created!;
        await MotoTestAccount.WriteSshFindingAsync(Path.Combine(_dir, "finding.json"), instance, ct);
        var env = MotoTestAccount.Variables(moto);

        var run = await CliRun.Run(_dir, env, "respond", "finding.json", "--apply", "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.Equal(2, acl.Entries.Count(e => e.RuleAction == RuleAction.Deny && e.CidrBlock == "45.95.147.236/32"));
        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.Contains(tags, t => t.Key == "cloudsniper:finding-type" && t.Value == "UnauthorizedAccess:EC2/SSHBruteForce");

        var blocks = await CliRun.Run(_dir, env, "blocks", "list", "--format", "csv");
        Assert.Equal(3, blocks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("45.95.147.236/32", StringComparison.Ordinal)));

        var unblock = await CliRun.Run(_dir, env, "unblock", "45.95.147.236");
        Assert.Equal(0, unblock.ExitCode);
        acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { NetworkAclIds = [acl.NetworkAclId] }, ct)).NetworkAcls.Single();
        Assert.DoesNotContain(acl.Entries, e => e.CidrBlock == "45.95.147.236/32");
        Assert.DoesNotContain("45.95.147.236/32", (await CliRun.Run(_dir, env, "blocks", "list", "--format", "csv")).Out, StringComparison.Ordinal);

        var expire = await CliRun.Run(_dir, env, "blocks", "expire");
        Assert.Equal(0, expire.ExitCode);

        var tagId = System.Text.Json.JsonDocument.Parse(run.Out).RootElement.GetProperty("plan").GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("actionKey").GetString() == "tag").GetProperty("id").GetString()!;
        var undo = await CliRun.Run(_dir, env, "undo", tagId);
        Assert.True(undo.ExitCode == 0, undo.Error + undo.Out);
        tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.DoesNotContain(tags, t => t.Key.StartsWith("cloudsniper:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_GivenActionsThatFail_ExitsFour()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = MotoTestAccount.Ec2(moto);
        var (_, _, created) = await MotoTestAccount.ArrangeAsync(ec2, withInstance: true, ct);
        await MotoTestAccount.WriteSshFindingAsync(Path.Combine(_dir, "finding.json"), created!, ct);
        var env = MotoTestAccount.Variables(moto);
        var plan = await CliRun.Run(_dir, env, "respond", "finding.json", "--format", "json");
        Assert.Equal(0, plan.ExitCode);
        var planId = System.Text.Json.JsonDocument.Parse(plan.Out).RootElement.GetProperty("plan").GetProperty("id").GetString()!;

        // The instance, its subnet and network ACL are gone by the time the plan is approved.
        await moto.ResetAsync(ct);
        var approve = await CliRun.Run(_dir, env, "approve", planId, "--approver", "alice");

        Assert.Equal(4, approve.ExitCode);
        Assert.Matches("approved by alice: [0-9]+ executed, [1-9][0-9]* failed", approve.Error);
    }

    [Fact]
    public async Task PlanThenApprove_ExecutesTheStoredPlan_AndOwnerEventsTagTheirResources()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = MotoTestAccount.Ec2(moto);
        var (_, subnet, created) = await MotoTestAccount.ArrangeAsync(ec2, withInstance: true, ct);
        var instance = created!;
        await MotoTestAccount.WriteSshFindingAsync(Path.Combine(_dir, "finding.json"), instance, ct);
        var env = MotoTestAccount.Variables(moto);

        var plan = await CliRun.Run(_dir, env, "respond", "finding.json", "--format", "json");
        Assert.Equal(0, plan.ExitCode);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.DoesNotContain(acl.Entries, e => e.CidrBlock == "45.95.147.236/32");

        var planId = System.Text.Json.JsonDocument.Parse(plan.Out).RootElement.GetProperty("plan").GetProperty("id").GetString()!;
        var approve = await CliRun.Run(_dir, env, "approve", planId, "--approver", "alice");
        Assert.True(approve.ExitCode == 0, approve.Error + approve.Out);
        Assert.Contains("approved by alice: 3 executed, 0 failed", approve.Error, StringComparison.Ordinal);
        acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { NetworkAclIds = [acl.NetworkAclId] }, ct)).NetworkAcls.Single();
        Assert.Equal(2, acl.Entries.Count(e => e.CidrBlock == "45.95.147.236/32" && e.RuleAction == RuleAction.Deny));

        var volume = (await ec2.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-east-1a", Size = 8 }, ct)).Volume.VolumeId;
        var evt = "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"detail\":{\"eventName\":\"CreateVolume\",\"eventID\":\"ev-1\",\"awsRegion\":\"us-east-1\",\"recipientAccountId\":\"123456789012\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"bob\",\"principalId\":\"AIDAEXAMPLEBOB\"},\"responseElements\":{\"volumeId\":\"" + volume + "\"}}}";
        await File.WriteAllTextAsync(Path.Combine(_dir, "events.jsonl"), evt + "\n", ct);
        var owners = await CliRun.Run(_dir, env, "respond", "events.jsonl", "--apply");
        Assert.True(owners.ExitCode == 0, owners.Error + owners.Out);
        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [volume])] }, ct)).Tags ?? [];
        Assert.Contains(tags, t => t.Key == "Owner" && t.Value == "bob");
        Assert.Contains(tags, t => t.Key == "PrincipalId" && t.Value == "AIDAEXAMPLEBOB");
    }
}
