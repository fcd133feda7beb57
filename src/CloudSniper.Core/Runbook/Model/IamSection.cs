using CloudSniper.Core.Iam;

namespace CloudSniper.Core.Runbook.Model;

/// <summary>The runbook's IAM section: the IAM review's findings per check, against the previous run, and the findings themselves.</summary>
public sealed record IamSection
{
    /// <summary>What was reviewed: a credential report file, or the live accounts.</summary>
    public string Source { get; init; } = "";

    /// <summary>The time the review measured ages to.</summary>
    public DateTimeOffset ReviewedAt { get; init; }

    /// <summary>Rows of the credential report(s): users and the root user.</summary>
    public int Principals { get; init; }

    /// <summary>Every check, with its count now and in the previous run.</summary>
    public IReadOnlyList<IamCheckCount> Checks { get; init; } = [];

    /// <summary>The findings, most severe first (at most <see cref="Runbook.IamRunbookSection.MaxFindings"/>).</summary>
    public IReadOnlyList<IamFinding> Findings { get; init; } = [];

    /// <summary>All findings, even beyond the list's cap.</summary>
    public int TotalFindings { get; init; }

    /// <summary>When the previous report compared against was generated (the <c>runbook-report.json</c> in the output directory), or null.</summary>
    public DateTimeOffset? PreviousRun { get; init; }

    /// <summary>Accounts skipped and report rows rejected, with the reason.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
