using System.CommandLine;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// <c>sniper health</c>: probes a running <c>sniper serve</c> over HTTP, for container health checks in images that
/// have no shell or curl (the chiseled runtime image).
/// </summary>
public static class HealthCommand
{
    /// <summary>The URL probed by default: the liveness endpoint of <c>sniper serve</c> on the container's port.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    public static Command Create(CliEnvironment env)
    {
        var url = new Option<string>("--url") { Description = "The endpoint to probe", DefaultValueFactory = _ => DefaultUrl };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the answer (1-60)", DefaultValueFactory = _ => 3 };
        var command = new Command("health", "Probe a running 'sniper serve' (GET /healthz): exit 0 on a 2xx answer, 1 otherwise, as container health checks expect");
        command.Options.Add(url);
        command.Options.Add(timeout);
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(url)!;
            var seconds = parse.GetValue(timeout);
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"--url must be an absolute http or https URL; got '{target}'");
            }

            if (seconds is < 1 or > 60)
            {
                throw new UsageException($"--timeout must be 1 to 60 seconds; got {seconds}");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(seconds) };
            try
            {
                using var response = await http.GetAsync(uri, ct).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                await env.Out.WriteLineAsync($"{uri}: {code} {response.ReasonPhrase}").ConfigureAwait(false);

                // Docker's HEALTHCHECK and ECS container health checks read exit 0 as healthy and 1 as unhealthy.
                return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.Failure;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                await env.Error.WriteLineAsync($"sniper: {uri}: unhealthy: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
