using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary>Maps <c>/api/v1</c>: every route needs a key; reads need viewer, changes responder (routes say so).</summary>
internal static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(ApiPolicies.Viewer);
        FindingEndpoints.Map(api);
        IncidentEndpoints.Map(api);
        IocEndpoints.Map(api);
        ResponseEndpoints.Map(api);
        AuditEndpoints.Map(api);
        ReportEndpoints.Map(api);
        FeedEndpoints.Map(api);
        JobEndpoints.Map(api);
        return api;
    }
}
