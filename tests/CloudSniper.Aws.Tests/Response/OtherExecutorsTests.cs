using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using static CloudSniper.Aws.Tests.Replay.Ec2Xml;

namespace CloudSniper.Aws.Tests.Response;

public class OtherExecutorsTests
{
    private static Dictionary<string, string> Form(RecordedRequest request) =>
        request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => HttpUtility.UrlDecode(p[0]), p => HttpUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    private static ActionRecord RecordOf(PlannedAction action, ActionOutcome outcome) => new()
    {
        Id = action.Id, PlanId = "plan-1", ActionKey = action.ActionKey, TargetKey = action.TargetKey, Status = outcome.Status, StartedAt = DateTimeOffset.UnixEpoch, Undo = outcome.Undo,
    };

    [Fact]
    public async Task Tag_TagsInstanceVolumesAndInterfaces_AndUndoRemovesThem()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("CreateTags", "ec2.CreateTags.http").Then("DeleteTags", "ec2.DeleteTags.http");
        var action = h.Action("tag", [], ("instance", Instance), ("prefix", "cloudsniper:"), ("status", "attacked"), ("finding-type", "Recon:EC2/PortProbeUnprotectedPort"), ("severity", "2"), ("incident-id", "inc-1"), ("time", "2026-11-23T12:00:00Z"), ("extra", "Team=secops"));
        var executor = new TagExecutor(h.Clients);

        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);

        var form = Form(h.Replay.Calls("CreateTags").Single());
        Assert.Equal(Instance, form["ResourceId.1"]);
        Assert.Equal("vol-62a12db677f0e6005", form["ResourceId.2"]);
        Assert.Equal("eni-028b63ee5b0538e92", form["ResourceId.3"]);
        var tags = Enumerable.Range(1, 6).ToDictionary(i => form[$"Tag.{i}.Key"], i => form[$"Tag.{i}.Value"]);
        Assert.Equal("attacked", tags["cloudsniper:status"]);
        Assert.Equal("inc-1", tags["cloudsniper:incident-id"]);
        Assert.Equal("secops", tags["Team"]);

        await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);
        var delete = Form(h.Replay.Calls("DeleteTags").Single());
        Assert.Equal(Instance, delete["ResourceId.1"]);
        Assert.Contains("cloudsniper:status", delete.Values);
        DeclaredPermissions.AssertCovered(h.Replay, "tag");
    }

    [Fact]
    public async Task Isolate_CreatesQuarantineGroupMovesEveryInterface_AndUndoRestoresTheGroups()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeSecurityGroups", "ec2.DescribeSecurityGroups.http")
            .Then("CreateSecurityGroup", "ec2.CreateSecurityGroup.http").Then("RevokeSecurityGroupEgress", "ec2.RevokeSecurityGroupEgress.http")
            .Then("ModifyNetworkInterfaceAttribute", "ec2.ModifyNetworkInterfaceAttribute.http").Then("ModifyNetworkInterfaceAttribute", "ec2.ModifyNetworkInterfaceAttribute.http");
        var action = h.Action("isolate", [], ("instance", Instance), ("group-name", "cloudsniper-quarantine"));
        var executor = new IsolateExecutor(h.Clients);

        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var create = Form(h.Replay.Calls("CreateSecurityGroup").Single());
        Assert.Equal((Vpc, "cloudsniper-quarantine"), (create["VpcId"], create["GroupName"]));
        var revoke = Form(h.Replay.Calls("RevokeSecurityGroupEgress").Single());
        Assert.Equal("0.0.0.0/0", revoke["IpPermissions.1.IpRanges.1.CidrIp"]);
        var modify = Form(h.Replay.Calls("ModifyNetworkInterfaceAttribute").First());
        Assert.Equal("eni-028b63ee5b0538e92", modify["NetworkInterfaceId"]);
        Assert.Equal("sg-4a47464afa17f8e84", JsonDocument.Parse(outcome.Undo!).RootElement.GetProperty("Previous").GetProperty("eni-028b63ee5b0538e92")[0].GetString());

        await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal("sg-4a47464afa17f8e84", Form(h.Replay.Calls("ModifyNetworkInterfaceAttribute").Last())["SecurityGroupId.1"]);
        DeclaredPermissions.AssertCovered(h.Replay, "isolate");
    }

    [Fact]
    public async Task Snapshot_SnapshotsEveryAttachedVolumeTaggedWithTheIncident()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("CreateSnapshot", "ec2.CreateSnapshot.http");
        var outcome = await new SnapshotExecutor(h.Clients).ExecuteAsync(h.Action("snapshot", [], ("instance", Instance), ("incident-id", "inc-1"), ("finding-type", "CryptoCurrency:EC2/BitcoinTool.B")), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var form = Form(h.Replay.Calls("CreateSnapshot").Single());
        Assert.Equal("vol-62a12db677f0e6005", form["VolumeId"]);
        Assert.Equal("snapshot", form["TagSpecification.1.ResourceType"]);
        Assert.Contains("inc-1", form.Values);
        DeclaredPermissions.AssertCovered(h.Replay, "snapshot");
    }

    [Fact]
    public async Task DeactivateKey_SetsInactive_AndUndoReactivates()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("UpdateAccessKey", "iam.UpdateAccessKey.http").Then("UpdateAccessKey", "iam.UpdateAccessKey.http");
        var action = h.Action("deactivate-access-key", [], ("user", "alice"), ("access-key-id", "AKIAIOSFODNN7EXAMPLE"));
        var executor = new DeactivateAccessKeyExecutor(h.Clients);
        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal("Inactive", Form(h.Replay.Requests[0])["Status"]);
        await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal("Active", Form(h.Replay.Requests[1])["Status"]);
        DeclaredPermissions.AssertCovered(h.Replay, "deactivate-access-key");
    }

    [Theory]
    [InlineData("iam.UpdateAccessKey.AccessDenied.http", "AccessDenied", "iam:UpdateAccessKey")]
    [InlineData("iam.UpdateAccessKey.NoSuchEntity.http", "NoSuchEntity", null)]
    public async Task DeactivateKey_GivenDocumentedError_FailsWithCodeAndPermission(string file, string code, string? permission)
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("UpdateAccessKey", file);
        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new DeactivateAccessKeyExecutor(h.Clients).ExecuteAsync(h.Action("deactivate-access-key", [], ("user", "alice"), ("access-key-id", "AKIAIOSFODNN7EXAMPLE")), h.Context(), TestContext.Current.CancellationToken));
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(permission, ex.MissingPermission);
    }

    [Fact]
    public async Task RevokeRoleSessions_PutsDenyAllBeforeTheCutOff_AndUndoDeletesIt()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("PutRolePolicy", "iam.PutRolePolicy.http").Then("DeleteRolePolicy", "iam.DeleteRolePolicy.http");
        var action = h.Action("revoke-role-sessions", [], ("role", "web-role"), ("policy-name", "cloudsniper-revoke-older-sessions"), ("issued-before", "2026-11-23T12:00:00Z"));
        var executor = new RevokeRoleSessionsExecutor(h.Clients);
        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);
        var form = Form(h.Replay.Requests[0]);
        Assert.Equal("web-role", form["RoleName"]);
        using var policy = JsonDocument.Parse(form["PolicyDocument"]);
        var statement = policy.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.Equal("2026-11-23T12:00:00Z", statement.GetProperty("Condition").GetProperty("DateLessThan").GetProperty("aws:TokenIssueTime").GetString());
        await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal("DeleteRolePolicy", h.Replay.Requests[1].Operation);
        DeclaredPermissions.AssertCovered(h.Replay, "revoke-role-sessions");
    }

    [Fact]
    public async Task TagOwner_TagsTheCreatedResources()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("CreateTags", "ec2.CreateTags.http");
        await new TagOwnerExecutor(h.Clients).ExecuteAsync(h.Action("tag-owner", [], ("owner", "Admin/alice"), ("principal-id", "AROAEXAMPLE:alice")), h.Context(), TestContext.Current.CancellationToken);
        var form = Form(h.Replay.Requests.Single());
        Assert.Equal(("Owner", "Admin/alice", "PrincipalId"), (form["Tag.1.Key"], form["Tag.1.Value"], form["Tag.2.Key"]));
        DeclaredPermissions.AssertCovered(h.Replay, "tag-owner");
    }

    [Fact]
    public async Task Sns_PublishesToTheTopicsRegion()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("Publish", "sns.Publish.http");
        var outcome = await new SnsNotifier(h.Clients).ExecuteAsync(h.Action("notify-sns", [], ("topic-arn", "arn:aws:sns:us-west-2:123456789012:secops")), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal("https://sns.us-west-2.amazonaws.com/", h.Replay.Requests[0].Uri.ToString());
        DeclaredPermissions.AssertCovered(h.Replay, "notify-sns");
    }

    [Fact]
    public async Task SlackAndWebhook_PostToALocalListener_WithAVerifiableSignature()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Path, string Body, string? Signature, string? Timestamp)>();
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var ctx = await listener.GetContextAsync();
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                received.Add((ctx.Request.Url!.AbsolutePath, await reader.ReadToEndAsync(), ctx.Request.Headers[WebhookNotifier.SignatureHeader], ctx.Request.Headers[WebhookNotifier.TimestampHeader]));
                ctx.Response.StatusCode = 200;
                ctx.Response.Close();
            }
        }, TestContext.Current.CancellationToken);

        using var h = new ExecutorHarness();
        using var http = new HttpClient();
        var env = new Dictionary<string, string> { ["SNIPER_HOOK_SECRET"] = "s3cret", ["SNIPER_SLACK_URL"] = $"http://127.0.0.1:{port}/slack" };
        var context = h.Context();
        var blocked = h.Action("waf-block", ["45.155.0.9/32"]);
        context = new ActionExecutionContext { Store = h.Store, Options = h.Options, Time = h.Time, Completed = [(blocked, ActionOutcome.Executed("+1 address"))] };

        var slack = await new SlackNotifier(http, n => env.GetValueOrDefault(n)).ExecuteAsync(h.Action("notify-slack", [], ("url", "${SNIPER_SLACK_URL}")), context, TestContext.Current.CancellationToken);
        var hook = await new WebhookNotifier(http, n => env.GetValueOrDefault(n)).ExecuteAsync(h.Action("notify-webhook", [], ("url", $"http://127.0.0.1:{port}/hook"), ("secret-env", "SNIPER_HOOK_SECRET")), context, TestContext.Current.CancellationToken);
        await serve.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, slack.Status);
        Assert.Equal(ActionStatus.Executed, hook.Status);
        var slackBody = JsonDocument.Parse(received[0].Body).RootElement;
        Assert.Equal("header", slackBody.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Contains("45.155.0.9/32", received[0].Body, StringComparison.Ordinal);
        var (_, body, signature, timestamp) = received[1];
        // The harness clock reads 2026-11-23T12:00:00Z: 1795435200 Unix seconds.
        Assert.Equal("1795435200", timestamp);
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.Equal(WebhookNotifierTests.ReceiverSignature("s3cret", "1795435200", body), signature);
        Assert.NotEqual(WebhookNotifierTests.ReceiverSignature("wrong", "1795435200", body), signature);
    }

    [Fact]
    public void EveryRegisteredAction_HasAnExecutor()
    {
        using var h = new ExecutorHarness();
        using var http = new HttpClient();
        var keys = AwsExecutors.Create(h.Clients, http).Select(e => e.ActionKey).ToList();
        Assert.Equal(ActionRegistry.Default.All.Select(a => a.Key).Order(), keys.Order());
        Assert.All(ActionRegistry.Default.All.Where(a => a.Undoable), a => Assert.True(
            AwsExecutors.Create(h.Clients, http).Single(e => e.ActionKey == a.Key) is IUndoableExecutor or IBlockExecutor, $"{a.Key} declares undo but its executor cannot"));
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
