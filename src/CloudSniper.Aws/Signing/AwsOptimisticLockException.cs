using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>The resource changed since it was read (WAF lock token); re-read and retry.</summary>
public sealed class AwsOptimisticLockException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsOptimisticLockException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsOptimisticLockException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsOptimisticLockException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsOptimisticLockException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
