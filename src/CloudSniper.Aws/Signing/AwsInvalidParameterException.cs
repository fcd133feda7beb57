using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>The request was malformed or named an invalid value.</summary>
public sealed class AwsInvalidParameterException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsInvalidParameterException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsInvalidParameterException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsInvalidParameterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsInvalidParameterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
