using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>Scheduled jobs: shown when the host registered a jobs API, otherwise a plain "jobs are off".</summary>
internal static class JobsPage
{
    public static async Task<IResult> RenderAsync(HttpContext http)
    {
        var body = new Html();
        var hasJobs = http.RequestServices.GetService(typeof(Microsoft.AspNetCore.Routing.EndpointDataSource)) is Microsoft.AspNetCore.Routing.EndpointDataSource source
            && source.Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Any(e => e.RoutePattern.RawText == Api.ApiEndpoints.Prefix + "/jobs");
        if (!hasJobs)
        {
            body.Raw("<p class=\"notice\" role=\"status\">Jobs are off on this server.</p>");
            return DashboardPage.Render(http, "Jobs", body);
        }

        var answer = await ApiCall.GetAsync(http, "/jobs").ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Jobs", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        body.Raw("<div class=\"table\"><table><thead><tr><th scope=\"col\">Job</th><th scope=\"col\">Schedule</th><th scope=\"col\">Lease</th><th scope=\"col\">Last run</th></tr></thead><tbody>");
        foreach (var j in answer.Body.Items())
        {
            body.Raw("<tr><td>").Text(j.Str("name")).Raw("</td><td>").Text(j.Str("schedule")).Raw("</td><td>").Text(j.Get("lease").Str("owner"))
                .Raw("</td><td>").Text(j.Items("runs").Select(r => r.Str("outcome") + " " + r.Str("end")).FirstOrDefault()).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Jobs", body);
    }
}
