using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook;

/// <summary>What one runbook run reads: input paths (files, directories, globs), rules, the posture snapshot, the mute list and the previous report.</summary>
public sealed record RunbookInputs
{
    /// <summary><c>offline</c> (files) or <c>live</c> (the snapshot was collected from AWS).</summary>
    public string Mode { get; init; } = "offline";

    public IReadOnlyList<string> CloudTrail { get; init; } = [];

    public IReadOnlyList<string> GuardDuty { get; init; } = [];

    public IReadOnlyList<string> Inspector { get; init; } = [];

    /// <summary>More CloudTrail documents from other sources (S3 prefixes), read like files.</summary>
    public IReadOnlyList<IInputSource> CloudTrailSources { get; init; } = [];

    /// <summary>More GuardDuty documents from other sources (S3 prefixes).</summary>
    public IReadOnlyList<IInputSource> GuardDutySources { get; init; } = [];

    /// <summary>More Inspector documents from other sources (S3 prefixes).</summary>
    public IReadOnlyList<IInputSource> InspectorSources { get; init; } = [];

    /// <summary>GuardDuty findings already in memory (from a store or a demo), reviewed with those read from <see cref="GuardDuty"/>.</summary>
    public IReadOnlyList<Finding> GuardDutyFindings { get; init; } = [];

    /// <summary>Reviews GuardDuty sample findings as well (by default they are counted as "samples ignored" and left out).</summary>
    public bool IncludeSamples { get; init; }

    /// <summary>A directory (or file) of Sigma rules; null for none.</summary>
    public string? RulesDirectory { get; init; }

    /// <summary>The posture snapshot the checks run over; null for no checks.</summary>
    public PostureSnapshot? Snapshot { get; init; }

    public MuteList Mutes { get; init; } = MuteList.Empty;

    /// <summary>The previous run's report, for "what changed".</summary>
    public RunbookReport? Previous { get; init; }

    public CloudTrailReviewOptions Review { get; init; } = new();

    /// <summary>Files read at once (default: the processor count).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Relative input paths are resolved against this directory.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>At most this many error messages are kept per input kind (all are counted).</summary>
    public int MaxErrorsListed { get; init; } = 200;

    /// <summary>An Inspector document larger than this once decompressed is rejected, naming the limit (default 1 GiB).</summary>
    public long MaxDecompressedBytes { get; init; } = 1L << 30;
}
