using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>The caller lacks the permission; Permission names it.</summary>
public sealed class AwsAccessDeniedException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsAccessDeniedException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsAccessDeniedException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsAccessDeniedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
