using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Execution;

/// <summary>What executing (or undoing, or unblocking) one action did.</summary>
public sealed record ActionOutcome(ActionStatus Status, string Message)
{
    /// <summary>The AWS error code of a failure.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The IAM permission that was missing when access was denied.</summary>
    public string? MissingPermission { get; init; }

    /// <summary>JSON: state before.</summary>
    public string? Before { get; init; }

    /// <summary>JSON: state after.</summary>
    public string? After { get; init; }

    /// <summary>JSON the executor needs to undo the action.</summary>
    public string? Undo { get; init; }

    /// <summary>A secret to show the operator once (a generated password); never stored, audited or sent.</summary>
    public string? Secret { get; init; }

    /// <summary>Number of AWS write calls made (for example <c>UpdateIPSet</c>), for reports and benchmarks.</summary>
    public int WriteCalls { get; init; }

    /// <summary>True when the failure came from AWS (exit code 4).</summary>
    public bool IsAwsFailure => Status is ActionStatus.Failed or ActionStatus.Partial && ErrorCode is not null;

    /// <summary>A success.</summary>
    public static ActionOutcome Executed(string message) => new(ActionStatus.Executed, message);

    /// <summary>Nothing to do, and why.</summary>
    public static ActionOutcome Skipped(string reason) => new(ActionStatus.Skipped, reason);

    /// <summary>A failure.</summary>
    public static ActionOutcome Failed(string message, string? errorCode = null, string? missingPermission = null) =>
        new(ActionStatus.Failed, message) { ErrorCode = errorCode, MissingPermission = missingPermission };
}
