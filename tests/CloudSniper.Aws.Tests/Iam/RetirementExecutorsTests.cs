using System.Web;
using CloudSniper.Aws.Iam;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Aws.Tests.Response;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Tests.Iam;

/// <summary>The retirement executors on recorded IAM answers: success, undo, the guards at execution, and every documented error.</summary>
public sealed class RetirementExecutorsTests
{
    private static Dictionary<string, string> Form(RecordedRequest request) =>
        request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => HttpUtility.UrlDecode(p[0]), p => HttpUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    private static ActionRecord RecordOf(PlannedAction action, ActionOutcome outcome) => new()
    {
        Id = action.Id, PlanId = "plan-1", ActionKey = action.ActionKey, TargetKey = action.TargetKey, Status = outcome.Status, StartedAt = DateTimeOffset.UnixEpoch, Undo = outcome.Undo,
    };

    // Key 1 of the recorded ListAccessKeys answer was created at 2025-01-01T00:00:00Z; the review saw it unused.
    private static PlannedAction KeyAction(ExecutorHarness h) =>
        h.Action(RetireAccessKey.ActionKey, [], ("user", "carol"), ("slot", "1"), ("created", "2025-01-01T00:00:00Z"), ("last-used", "never"));

    private static PlannedAction ProfileAction(ExecutorHarness h) => h.Action(RetireLoginProfile.ActionKey, [], ("user", "bob"), ("last-used", "2026-10-01T00:00:00Z"));

    [Fact]
    public async Task RetireKey_FindsTheKeyByItsCreationTime_DeactivatesIt_AndUndoReactivates()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http")
            .Then("GetAccessKeyLastUsed", "iam.GetAccessKeyLastUsed.http").Then("UpdateAccessKey", "iam.UpdateAccessKey.http").Then("UpdateAccessKey", "iam.UpdateAccessKey.http");
        var executor = new RetireAccessKeyExecutor(h.Clients);
        var action = KeyAction(h);

        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var update = Form(h.Replay.Calls("UpdateAccessKey").Single());
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", update["AccessKeyId"]);
        Assert.Equal("Inactive", update["Status"]);
        Assert.Equal("carol", update["UserName"]);
        await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal("Active", Form(h.Replay.Calls("UpdateAccessKey").Last())["Status"]);
        Assert.Equal(0, h.Replay.Remaining);
        DeclaredPermissions.AssertCovered(h.Replay, RetireAccessKey.ActionKey);
    }

    [Fact]
    public async Task RetireKey_GivenAUseAfterTheReview_LeavesTheKeyAlone()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http").Then("GetAccessKeyLastUsed", "iam.GetAccessKeyLastUsed.recent.http");

        var outcome = await new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(KeyAction(h), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Skipped, outcome.Status);
        Assert.Contains("after the review", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(h.Replay.Calls("UpdateAccessKey"));
    }

    [Fact]
    public async Task RetireKey_GivenTheExemptTagSetSinceThePlan_LeavesTheKeyAlone()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.exempt.http");

        var outcome = await new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(KeyAction(h), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Skipped, outcome.Status);
        Assert.Contains("sniper:exempt=true", outcome.Message, StringComparison.Ordinal);
        Assert.Single(h.Replay.Requests);
    }

    [Fact]
    public async Task RetireKey_GivenRoot_NeverCallsIam()
    {
        using var h = new ExecutorHarness();

        var outcome = await new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(
            h.Action(RetireAccessKey.ActionKey, [], ("user", "<root_account>"), ("slot", "1")), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Skipped, outcome.Status);
        Assert.Empty(h.Replay.Requests);
    }

    [Theory]
    [InlineData("iam.UpdateAccessKey.NoSuchEntity.http", "NoSuchEntity", null)]
    [InlineData("iam.UpdateAccessKey.LimitExceeded.http", "LimitExceeded", null)]
    [InlineData("iam.UpdateAccessKey.AccessDenied.http", "AccessDenied", "iam:UpdateAccessKey")]
    public async Task RetireKey_GivenADocumentedError_FailsWithItsCode(string file, string code, string? permission)
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http")
            .Then("GetAccessKeyLastUsed", "iam.GetAccessKeyLastUsed.http").Then("UpdateAccessKey", file);

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(KeyAction(h), h.Context(), TestContext.Current.CancellationToken));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(permission, ex.MissingPermission);
    }

    [Fact]
    public async Task RetireKey_GivenThrottling_RetriesAndSucceeds()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http")
            .Then("GetAccessKeyLastUsed", "iam.GetAccessKeyLastUsed.http")
            .Then("UpdateAccessKey", "iam.UpdateAccessKey.Throttling.http").Then("UpdateAccessKey", "iam.UpdateAccessKey.Throttling.http")
            .Then("UpdateAccessKey", "iam.UpdateAccessKey.http");

        var outcome = await new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(KeyAction(h), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(3, h.Replay.Calls("UpdateAccessKey").Count());
    }

    [Fact]
    public async Task RetireKey_GivenThrottlingThatNeverEnds_FailsWithThrottling()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http").Then("GetAccessKeyLastUsed", "iam.GetAccessKeyLastUsed.http");
        for (var i = 0; i < 5; i++)
        {
            h.Replay.Then("UpdateAccessKey", "iam.UpdateAccessKey.Throttling.http");
        }

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new RetireAccessKeyExecutor(h.Clients).ExecuteAsync(KeyAction(h), h.Context(), TestContext.Current.CancellationToken));

        Assert.Equal("Throttling", ex.ErrorCode);
    }

    [Fact]
    public async Task RetireProfile_RecordsItThenDeletesIt_AndUndoCreatesANewOneThatMustBeReset()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("GetLoginProfile", "iam.GetLoginProfile.http")
            .Then("DeleteLoginProfile", "iam.DeleteLoginProfile.http").Then("CreateLoginProfile", "iam.CreateLoginProfile.http");
        var executor = new RetireLoginProfileExecutor(h.Clients);
        var action = ProfileAction(h);

        var outcome = await executor.ExecuteAsync(action, h.Context(), TestContext.Current.CancellationToken);
        var undo = await executor.UndoAsync(RecordOf(action, outcome), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Contains("\"loginProfile\":true", outcome.Before, StringComparison.Ordinal);
        Assert.Contains("2023-05-01", outcome.Before, StringComparison.Ordinal);
        var create = Form(h.Replay.Calls("CreateLoginProfile").Single());
        Assert.Equal("true", create["PasswordResetRequired"]);
        Assert.Equal(undo.Secret, create["Password"]);
        Assert.DoesNotContain(undo.Secret!, undo.Message, StringComparison.Ordinal);
        DeclaredPermissions.AssertCovered(h.Replay, RetireLoginProfile.ActionKey);
    }

    [Fact]
    public async Task RetireProfile_GivenNoProfileAnyMore_SkipsWithoutDeleting()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("GetLoginProfile", "iam.GetLoginProfile.NoSuchEntity.http");

        var outcome = await new RetireLoginProfileExecutor(h.Clients).ExecuteAsync(ProfileAction(h), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Skipped, outcome.Status);
        Assert.Empty(h.Replay.Calls("DeleteLoginProfile"));
    }

    [Theory]
    [InlineData("iam.DeleteLoginProfile.NoSuchEntity.http", "NoSuchEntity", null)]
    [InlineData("iam.DeleteLoginProfile.LimitExceeded.http", "LimitExceeded", null)]
    [InlineData("iam.DeleteLoginProfile.AccessDenied.http", "AccessDenied", "iam:DeleteLoginProfile")]
    public async Task RetireProfile_GivenADocumentedError_FailsWithItsCode(string file, string code, string? permission)
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("GetLoginProfile", "iam.GetLoginProfile.http").Then("DeleteLoginProfile", file);

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new RetireLoginProfileExecutor(h.Clients).ExecuteAsync(ProfileAction(h), h.Context(), TestContext.Current.CancellationToken));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(permission, ex.MissingPermission);
    }

    [Fact]
    public async Task RetireProfile_GivenThrottlingThatNeverEnds_FailsWithThrottling()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("GetLoginProfile", "iam.GetLoginProfile.http");
        for (var i = 0; i < 5; i++)
        {
            h.Replay.Then("DeleteLoginProfile", "iam.DeleteLoginProfile.Throttling.http");
        }

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new RetireLoginProfileExecutor(h.Clients).ExecuteAsync(ProfileAction(h), h.Context(), TestContext.Current.CancellationToken));

        Assert.Equal("Throttling", ex.ErrorCode);
    }

    [Fact]
    public async Task RetireProfileUndo_GivenThePasswordPolicyRejectsIt_FailsWithTheCode()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("CreateLoginProfile", "iam.CreateLoginProfile.PasswordPolicyViolation.http");
        var record = new ActionRecord
        {
            Id = "act-1", PlanId = "plan-1", ActionKey = RetireLoginProfile.ActionKey, TargetKey = "t", Status = ActionStatus.Executed, StartedAt = DateTimeOffset.UnixEpoch,
            Undo = "{\"Account\":\"123456789012\",\"User\":\"bob\",\"Created\":null}",
        };

        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new RetireLoginProfileExecutor(h.Clients).UndoAsync(record, h.Context(), TestContext.Current.CancellationToken));

        Assert.Equal("PasswordPolicyViolation", ex.ErrorCode);
    }

    [Fact]
    public async Task Enrich_NamesKeysByCreationTime_ReadsTags_AndDropsMfaFindingsTheDevicesDisprove()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListUserTags", "iam.ListUserTags.http").Then("ListAccessKeys", "iam.ListAccessKeys.http")
            .Then("ListUserTags", "iam.ListUserTags.http").Then("ListMFADevices", "iam.ListMFADevices.http");
        var created = new DateTimeOffset(2026, 9, 2, 0, 0, 0, TimeSpan.Zero);
        IamFinding[] findings =
        [
            new("key-not-rotated", "carol", 2, null, "medium", "1.14", "rotated 90 days ago", null, 90, "123456789012") { KeyCreated = created },
            new("console-without-mfa", "bob", null, null, "high", "1.10", "no MFA", null, null, "123456789012"),
        ];

        var enriched = await new IamReviewCollector(h.Clients).EnrichAsync(null, findings, TestContext.Current.CancellationToken);

        var key = Assert.Single(enriched.Findings);
        Assert.Equal("AKIAI44QH8DHBEXAMPLE", key.KeyId);
        Assert.Equal("carol@example.com", enriched.UserTags["123456789012|carol"]["owner"]);
        Assert.Equal(0, h.Replay.Remaining);
    }
}
