using System.Text.Json;
using CloudSniper.Core.Response.Owners;

namespace CloudSniper.Core.Tests.Response;

public class CloudTrailOwnerEventsTests
{
    private const string RunInstances = """
        {"version":"0","id":"e1","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","account":"123456789012","region":"eu-west-1",
         "detail":{"eventName":"RunInstances","eventID":"ev-1","awsRegion":"eu-west-1","recipientAccountId":"123456789012",
           "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice","arn":"arn:aws:sts::123456789012:assumed-role/Admin/alice","accountId":"123456789012"},
           "responseElements":{"instancesSet":{"items":[{"instanceId":"i-0aaa"},{"instanceId":"i-0bbb"}]}}}}
        """;

    [Fact]
    public void Read_GivenRunInstancesEnvelope_NamesEveryInstanceAndTheCreator()
    {
        using var doc = JsonDocument.Parse(RunInstances);
        var request = CloudTrailOwnerEvents.Read(doc.RootElement, out var reason);
        Assert.Null(reason);
        Assert.Equal(["i-0aaa", "i-0bbb"], request!.ResourceIds);
        Assert.Equal("Admin/alice", request.Owner);
        Assert.Equal("AROAEXAMPLE:alice", request.PrincipalId);
        Assert.Equal("eu-west-1", request.Region);
    }

    [Theory]
    [InlineData("""{"eventName":"CreateVolume","awsRegion":"us-east-1","recipientAccountId":"123456789012","userIdentity":{"type":"IAMUser","userName":"bob","principalId":"AIDA1"},"responseElements":{"volumeId":"vol-1"}}""", "vol-1", "bob")]
    [InlineData("""{"eventName":"CreateSecurityGroup","awsRegion":"us-east-1","recipientAccountId":"123456789012","userIdentity":{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root"},"responseElements":{"groupId":"sg-1"}}""", "sg-1", "root")]
    [InlineData("""{"eventName":"CreateVpc","awsRegion":"us-east-1","recipientAccountId":"123456789012","userIdentity":{"type":"IAMUser","userName":"carol","principalId":"AIDA2"},"responseElements":{"vpc":{"vpcId":"vpc-1"}}}""", "vpc-1", "carol")]
    public void Read_GivenBareCreateRecords_FindsTheResource(string json, string id, string owner)
    {
        using var doc = JsonDocument.Parse(json);
        var request = CloudTrailOwnerEvents.Read(doc.RootElement, out _);
        Assert.Equal(id, Assert.Single(request!.ResourceIds));
        Assert.Equal(owner, request.Owner);
    }

    [Fact]
    public void Read_GivenFailedCallFromTheCorpus_IgnoresItWithAReason()
    {
        // The corpus sits beside the repository (../shared); a worktree one level deeper finds it at ../../shared.
        var path = new[] { "..", Path.Combine("..", "..") }
            .Select(up => Path.Combine(RepoRoot(), up, "shared", "corpora", "cloudtrail", "stratus-red-team", "aws.execution.ec2-launch-unusual-instances.json"))
            .FirstOrDefault(File.Exists);
        CloudSniper.Testing.Requirement.SkipUnless(path is not null, "the shared CloudTrail corpus is not present");

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var runs = doc.RootElement.EnumerateArray().Where(r => r.GetProperty("eventName").GetString() == "RunInstances").ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, r =>
        {
            Assert.Null(CloudTrailOwnerEvents.Read(r, out var reason));
            Assert.Contains("the call failed", reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Read_GivenOtherDetailType_Ignores()
    {
        using var doc = JsonDocument.Parse("""{"detail-type":"GuardDuty Finding","detail":{}}""");
        Assert.Null(CloudTrailOwnerEvents.Read(doc.RootElement, out var reason));
        Assert.Contains("not a", reason, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CloudSniper.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
