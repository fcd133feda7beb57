namespace CloudSniper.Core.Response.Execution;

/// <summary>
/// An executor's failure with the AWS error code and, for access denied, the permission that was missing. The
/// runner records it and goes on with the rest of the plan.
/// </summary>
public sealed class ActionFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActionFailedException(string message, string? errorCode = null, string? missingPermission = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        MissingPermission = missingPermission;
    }

    /// <summary>Creates an exception with no AWS detail.</summary>
    public ActionFailedException()
    {
    }

    /// <summary>Creates an exception with no AWS detail.</summary>
    public ActionFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with no AWS detail.</summary>
    public ActionFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The AWS error code.</summary>
    public string? ErrorCode { get; }

    /// <summary>The IAM permission that was missing, for access denied.</summary>
    public string? MissingPermission { get; }
}
