using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary>
/// The response side of the API: blocks and unblocking, stored plans with approval and rejection, undo of an action.
/// Each goes through the same <see cref="Core.Response.Execution.ResponseRunner"/> methods as the CLI verbs.
/// </summary>
internal static class ResponseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/blocks", ListBlocksAsync).WithSummary("Blocks in place (with includeRemoved=true also removed ones)");
        api.MapDelete("/blocks/{**address}", UnblockAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Remove every block of an address (as 'sniper unblock'); a CIDR's slash may be sent as %2F");
        api.MapGet("/plans", ListPlansAsync).WithSummary("Stored plans, newest first; status=pending|approved|applied|partial|rejected");
        api.MapGet("/plans/{id}", GetPlanAsync).WithSummary("One stored plan with its guard decisions");
        api.MapPost("/plans/{id}/approve", ApproveAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Approve and execute a plan's waiting actions (as 'sniper approve')");
        api.MapPost("/plans/{id}/reject", RejectAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Reject a plan: its waiting actions are skipped and never run");
        api.MapPost("/actions/{id}/undo", UndoAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Reverse an executed action (as 'sniper undo')");
    }

    private static async Task<IResult> ListBlocksAsync(HttpContext http, IResponseStore store, string? address, bool? includeRemoved, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        var caller = Caller.From(http.User);
        var blocks = await store.ListBlocksAsync(new BlockQuery(Address: address, IncludeRemoved: includeRemoved ?? false), ct).ConfigureAwait(false);
        var page = paging.Take([.. blocks.Where(b => caller.Sees(b.AccountId))]);
        return Results.Json(new { items = page.Items, next = page.Next }, ApiJson.Options);
    }

    private static async Task<IResult> UnblockAsync(HttpContext http, ServerServices services, ResponseAccess response, string address, CancellationToken ct)
    {
        address = Uri.UnescapeDataString(address);
        if (!Core.Net.IpNetwork.TryParse(address, out var network))
        {
            return Problems.BadRequest($"'{address}' is not an IP address or CIDR block");
        }

        var caller = Caller.From(http.User);
        var blocks = await services.ResponseStore.ListBlocksAsync(new BlockQuery(Address: network.Value.ToString()), ct).ConfigureAwait(false);
        if (blocks.Count == 0)
        {
            return Problems.NotFound($"{address} is not blocked by Cloud Sniper");
        }

        if (blocks.Any(b => !caller.Sees(b.AccountId)))
        {
            return Problems.Forbidden($"{address} is blocked in an account outside the key's scope");
        }

        if (!response.Available)
        {
            return Unavailable();
        }

        var runner = await response.GetAsync(ct).ConfigureAwait(false);
        var results = await runner.UnblockAsync(address, ct).ConfigureAwait(false);
        await ApiAudit.WriteAsync(services, caller, "block.unblock", address, results.All(r => r.Outcome.Status == ActionStatus.Executed) ? "unblocked" : "failed", null, new { targets = results.Select(r => new { target = r.Target, status = r.Outcome.Status, message = r.Outcome.Message }) }, ct).ConfigureAwait(false);
        return Results.Json(new { address, results = results.Select(r => new { target = r.Target, status = r.Outcome.Status, message = r.Outcome.Message }) }, ApiJson.Options);
    }

    private static async Task<IResult> ListPlansAsync(HttpContext http, IResponseStore store, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        if (status is not (null or "pending" or "approved" or "applied" or "partial" or "rejected"))
        {
            return Problems.BadRequest($"status must be pending, approved, applied, partial or rejected; got '{status}'");
        }

        var caller = Caller.From(http.User);
        var rows = new List<object>();
        foreach (var plan in await store.ListPlansAsync(int.MaxValue, ct).ConfigureAwait(false))
        {
            if (!InScope(caller, plan))
            {
                continue;
            }

            var state = await StateAsync(store, plan, ct).ConfigureAwait(false);
            if (status is null || state == status)
            {
                rows.Add(PlanSummary(plan, state));
            }
        }

        var page = paging.Take(rows);
        return Results.Json(new { items = page.Items, next = page.Next }, ApiJson.Options);
    }

    private static async Task<IResult> GetPlanAsync(HttpContext http, IResponseStore store, string id, CancellationToken ct)
    {
        var plan = await store.GetPlanAsync(id, ct).ConfigureAwait(false);
        if (plan is null)
        {
            return Problems.NotFound($"no plan '{id}'");
        }

        if (!InScope(Caller.From(http.User), plan))
        {
            return Problems.Forbidden($"plan '{id}' acts in an account outside the key's scope");
        }

        return Results.Json(new { state = await StateAsync(store, plan, ct).ConfigureAwait(false), plan }, ApiJson.Options);
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, ServerServices services, ResponseAccess response, string id, CancellationToken ct)
    {
        var (plan, problem) = await FindWritableAsync(http, services.ResponseStore, id, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (await StateAsync(services.ResponseStore, plan!, ct).ConfigureAwait(false) is "rejected")
        {
            return Problems.Conflict($"plan '{id}' was rejected");
        }

        if (!response.Available)
        {
            return Unavailable();
        }

        var caller = Caller.From(http.User);
        var runner = await response.GetAsync(ct).ConfigureAwait(false);
        var result = await runner.ApproveAsync(id, null, caller.Actor, ct).ConfigureAwait(false);
        await ApiAudit.WriteAsync(services, caller, "plan.approve", id, result.Failed > 0 ? "partial" : "approved", null, new { executed = result.Executed, failed = result.Failed }, ct).ConfigureAwait(false);
        return Results.Json(new { plan = id, executed = result.Executed, failed = result.Failed, outcomes = result.Outcomes }, ApiJson.Options);
    }

    private static async Task<IResult> RejectAsync(HttpContext http, ServerServices services, string id, CancellationToken ct)
    {
        var (plan, problem) = await FindWritableAsync(http, services.ResponseStore, id, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var waiting = plan!.Actions.Where(a => a.Status is ActionStatus.Planned or ActionStatus.AwaitingApproval).ToList();
        if (waiting.Count == 0)
        {
            return Problems.Conflict($"plan '{id}' has no action waiting for a decision");
        }

        var caller = Caller.From(http.User);
        var reason = RejectedPrefix + caller.Actor;
        var rejected = plan with
        {
            Actions = [.. plan.Actions.Select(a => a.Status is ActionStatus.Planned or ActionStatus.AwaitingApproval ? a with { Status = ActionStatus.Skipped, Reason = reason } : a)],
        };
        await services.ResponseStore.SavePlanAsync(rejected, ct).ConfigureAwait(false);
        await ApiAudit.WriteAsync(services, caller, "plan.reject", id, "rejected", null, new { actions = waiting.Select(a => a.Id) }, ct).ConfigureAwait(false);
        return Results.Json(new { plan = id, state = "rejected", actions = waiting.Select(a => a.Id) }, ApiJson.Options);
    }

    private static async Task<IResult> UndoAsync(HttpContext http, ServerServices services, ResponseAccess response, string id, CancellationToken ct)
    {
        var planId = await services.ResponseStore.FindPlanOfActionAsync(id, ct).ConfigureAwait(false);
        var plan = planId is null ? null : await services.ResponseStore.GetPlanAsync(planId, ct).ConfigureAwait(false);
        var action = plan?.Actions.FirstOrDefault(a => a.Id == id);
        if (action is null)
        {
            return Problems.NotFound($"no action '{id}'");
        }

        var caller = Caller.From(http.User);
        if (!caller.Sees(action.AccountId))
        {
            return Problems.Forbidden($"action '{id}' acts in an account outside the key's scope");
        }

        if (await services.ResponseStore.GetActionRecordAsync(id, ct).ConfigureAwait(false) is null)
        {
            return Problems.Conflict($"action '{id}' was never executed, so there is nothing to undo");
        }

        if (!response.Available)
        {
            return Unavailable();
        }

        var runner = await response.GetAsync(ct).ConfigureAwait(false);
        var outcome = await runner.UndoAsync(id, ct).ConfigureAwait(false);
        await ApiAudit.WriteAsync(services, caller, "action.undo", id, outcome.Status.ToString().ToLowerInvariant(), action.FindingIds.FirstOrDefault(), new { message = outcome.Message }, ct).ConfigureAwait(false);
        return Results.Json(new { action = id, status = outcome.Status, message = outcome.Message }, ApiJson.Options);
    }

    private const string RejectedPrefix = "rejected by ";

    private static async Task<string> StateAsync(IResponseStore store, ResponsePlan plan, CancellationToken ct)
    {
        if (plan.Actions.Length > 0 && plan.Actions.Any(a => a.Reason?.StartsWith(RejectedPrefix, StringComparison.Ordinal) == true)
            && plan.Actions.All(a => a.Status is ActionStatus.Skipped))
        {
            return "rejected";
        }

        var approvals = await store.ListApprovalsAsync(plan.Id, ct).ConfigureAwait(false);
        return PlanStates.Name(PlanStates.Of(plan, approvals.Count));
    }

    private static object PlanSummary(ResponsePlan plan, string state) => new
    {
        id = plan.Id,
        createdAt = plan.CreatedAt,
        mode = plan.Mode,
        state,
        findings = plan.FindingCount,
        actions = plan.Actions.Select(a => new { id = a.Id, actionKey = a.ActionKey, phase = Core.Response.NistPhases.Name(a.Phase), target = a.TargetKey, accountId = a.AccountId, region = a.Region, status = a.Status, reason = a.Reason, findingIds = a.FindingIds }),
        skipped = plan.Skipped.Length,
    };

    /// <summary>A scoped key sees a plan only when every action of it acts in one of its accounts.</summary>
    private static bool InScope(Caller caller, ResponsePlan plan) => caller.Unscoped || (plan.Actions.Length > 0 && plan.Actions.All(a => caller.Sees(a.AccountId)));

    private static async Task<(ResponsePlan? Plan, IResult? Problem)> FindWritableAsync(HttpContext http, IResponseStore store, string id, CancellationToken ct)
    {
        var plan = await store.GetPlanAsync(id, ct).ConfigureAwait(false);
        if (plan is null)
        {
            return (null, Problems.NotFound($"no plan '{id}'"));
        }

        return InScope(Caller.From(http.User), plan) ? (plan, null) : (null, Problems.Forbidden($"plan '{id}' acts in an account outside the key's scope"));
    }

    private static IResult Unavailable() =>
        Problems.Result(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "this server has no response runner configured");
}
