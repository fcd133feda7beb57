using CloudSniper.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server;

/// <summary>What one <c>sniper serve</c> instance runs and how: addresses, queues, limits, feeds, and the hooks other parts plug into.</summary>
public sealed class ServerOptions
{
    /// <summary>The default listen address: loopback only, so that exposing the server is a decision.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Kestrel's listen addresses.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>No HTTP listener: consumers and jobs only.</summary>
    public bool NoHttp { get; init; }

    /// <summary>No scheduled jobs on this instance.</summary>
    public bool NoJobs { get; init; }

    /// <summary>SQS queue URIs (<c>sqs://…</c>) to consume.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>Concurrent receivers per queue.</summary>
    public int Consumers { get; init; } = 1;

    /// <summary>The SQS source settings (receives before dead-lettering, visibility, long-poll wait).</summary>
    public SqsConfig Sqs { get; init; } = new();

    /// <summary>Largest request body accepted (413 past it): 10 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted in a request body (400 past it).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>The directory whose runbook reports <c>/api/v1/runbook/reports</c> serves, or null.</summary>
    public string? ReportsDirectory { get; init; }

    /// <summary>Feed name → HMAC secret of <c>POST /api/v1/feeds/{name}</c>.</summary>
    public IReadOnlyDictionary<string, string> FeedSecrets { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Largest clock skew of a signed feed request: 5 minutes.</summary>
    public TimeSpan FeedSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An admin key from <c>SNIPER_API_KEY</c>, accepted besides the stored keys, or null.</summary>
    public string? BootstrapAdminKey { get; init; }

    /// <summary>How long in-flight work may take to finish on shutdown.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra service registrations (hosted services, dashboard services), run after the server's own.</summary>
    public IList<Action<IServiceCollection>> ConfigureServices { get; } = [];

    /// <summary>Extra endpoints and middleware, run after the server has mapped its own endpoints.</summary>
    public IList<Action<WebApplication>> MapEndpoints { get; } = [];
}
