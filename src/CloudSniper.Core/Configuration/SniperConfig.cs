namespace CloudSniper.Core.Configuration;

/// <summary>
/// The whole configuration file. Every key may be overridden by an environment variable: <c>SNIPER_</c> then the
/// key path in upper case with <c>__</c> between levels (<c>SNIPER_SQS__MAXRECEIVES=3</c>).
/// </summary>
public sealed record SniperConfig
{
    /// <summary>Knowledge base URI: <c>sqlite:PATH</c> or <c>dynamodb:TABLE</c>.</summary>
    public string? Store { get; init; }

    /// <summary>Response mode: <c>observe</c> (record only), <c>plan</c> (default: print and store the plan) or <c>enforce</c>.</summary>
    public string Mode { get; init; } = "plan";

    /// <summary>CIDRs that are never blocked and never reported as beacons.</summary>
    public IReadOnlyList<string> AllowList { get; init; } = [];

    /// <summary>A file with one allow-listed CIDR a line (<c>#</c> comments).</summary>
    public string? AllowListFile { get; init; }

    public IngestConfig Ingest { get; init; } = new();

    public SqsConfig Sqs { get; init; } = new();

    /// <summary>Response playbooks, guards and executors.</summary>
    public ResponseConfig Response { get; init; } = new();

    /// <summary>Thresholds of the DNS detections and the Public Suffix List they use.</summary>
    public DnsConfig Dns { get; init; } = new();

    /// <summary>Settings of <c>sniper serve</c>.</summary>
    public ServeConfig Serve { get; init; } = new();

    /// <summary>Signed feed webhooks of <c>sniper serve</c> by name: <c>feeds.NAME.secret</c>.</summary>
    public IReadOnlyDictionary<string, FeedConfig> Feeds { get; init; } = new Dictionary<string, FeedConfig>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long an indicator stays active after its last sighting, in days (0: forever).</summary>
    public int IocTtlDays { get; init; } = 90;

    /// <summary>Scheduled jobs: schedule and on/off per job, and each job's own settings.</summary>
    public JobsConfig Jobs { get; init; } = new();
}
