using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>Throttling or rate exceeded; retried with backoff before being thrown.</summary>
public sealed class AwsThrottlingException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsThrottlingException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsThrottlingException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsThrottlingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsThrottlingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
