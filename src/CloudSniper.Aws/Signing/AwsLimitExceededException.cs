using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>A service quota or limit was reached.</summary>
public sealed class AwsLimitExceededException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsLimitExceededException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsLimitExceededException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsLimitExceededException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
