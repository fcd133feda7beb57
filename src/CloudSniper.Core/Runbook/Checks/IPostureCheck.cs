using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>One enablement check: metadata and a pure evaluation over a snapshot.</summary>
public interface IPostureCheck
{
    CheckMetadata Metadata { get; }

    /// <summary>PASS/FAIL/ERROR results (muting is applied by the registry).</summary>
    IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context);
}
