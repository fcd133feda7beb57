using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>Scheduled jobs: shown when the host registered a jobs API, otherwise a plain "jobs are off".</summary>
internal static class JobsPage
{
    public static async Task<IResult> RenderAsync(HttpContext http)
    {
        var body = new Html();

        // The jobs API answers 404 when this server runs no jobs (sniper serve --no-jobs, or a host without them).
        var answer = await ApiCall.GetAsync(http, "/jobs").ConfigureAwait(false);
        if (answer.Status == StatusCodes.Status404NotFound)
        {
            body.Raw("<p class=\"notice\" role=\"status\">Jobs are off on this server.</p>");
            return DashboardPage.Render(http, "Jobs", body);
        }

        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Jobs", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        body.Raw("<div class=\"table\"><table><thead><tr><th scope=\"col\">Job</th><th scope=\"col\">On</th><th scope=\"col\">Schedule</th><th scope=\"col\">Next run</th><th scope=\"col\">Lease holder</th><th scope=\"col\">Last run</th></tr></thead><tbody>");
        foreach (var j in answer.Body.Items())
        {
            var last = j.Items("lastRuns").Select(r => r.Str("outcome") + " " + r.Str("ended")).FirstOrDefault();
            body.Raw("<tr><td>").Text(j.Str("name")).Raw("</td><td>").Text(j.Get("enabled").ValueKind == System.Text.Json.JsonValueKind.True ? "on" : "off")
                .Raw("</td><td>").Text(j.Str("schedule")).Raw("</td><td>").Text(j.Str("nextRun"))
                .Raw("</td><td>").Text(j.Get("lease").Str("instance")).Raw("</td><td>").Text(last).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Jobs", body);
    }
}
