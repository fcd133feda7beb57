using CloudSniper.Core.Access;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Server;

/// <summary>What the host composes for the server: the stores, the ingest steps, the response runner and the clock.</summary>
public sealed class ServerServices
{
    public required IKnowledgeBase KnowledgeBase { get; init; }

    public required IResponseStore ResponseStore { get; init; }

    public required IApiKeyStore ApiKeys { get; init; }

    public required IReplayGuard ReplayGuard { get; init; }

    /// <summary>Parsing and IOC extraction, as every ingest uses.</summary>
    public required IngestComponents Ingest { get; init; }

    /// <summary>
    /// Creates the response runner (playbooks, guards, executors) on first use; it is created once and shared. Null: the
    /// server stores findings without responding.
    /// </summary>
    public Func<CancellationToken, Task<ResponseRunner>>? ResponseRunner { get; init; }

    /// <summary>The mode findings posted or consumed are answered in: plan by default, so nothing changes without an approval.</summary>
    public ResponseMode Mode { get; init; } = ResponseMode.Plan;

    /// <summary>Ingest settings (batch size, TTL) as the CLI uses them.</summary>
    public IngestOptions IngestOptions { get; init; } = new();

    /// <summary>How long an indicator stays active after its last sighting (the configured <c>iocTtlDays</c>; null: forever).</summary>
    public TimeSpan? IocTtl { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Opens a new receiver on an <c>sqs://</c> queue (one per consumer; it follows the queue until cancelled), or null
    /// when this host cannot reach SQS.
    /// </summary>
    public Func<string, CloudSniper.Aws.Sources.SqsInputSource>? OpenQueue { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
