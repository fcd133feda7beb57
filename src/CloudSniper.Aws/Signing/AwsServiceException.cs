using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>An error answer from an AWS service, with its error code, the operation and the IAM permission it needed.</summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsServiceException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base($"{serviceId} {operation} failed: {errorCode}: {message}")
    {
        ServiceId = serviceId;
        Operation = operation;
        Permission = permission;
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = status;
        RequestId = requestId;
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsServiceException()
        : this("", "", "", "Unknown", "", HttpStatusCode.InternalServerError, null)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsServiceException(string message)
        : this("", "", "", "Unknown", message, HttpStatusCode.InternalServerError, null)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsServiceException(string message, Exception inner)
        : base(message, inner)
    {
        ServiceId = Operation = Permission = ErrorMessage = "";
        ErrorCode = "Unknown";
    }

    public string ServiceId { get; }

    public string Operation { get; }

    /// <summary>The IAM action the call needed (<c>wafv2:UpdateIPSet</c>).</summary>
    public string Permission { get; }

    /// <summary>The AWS error code (<c>WAFOptimisticLockException</c>, <c>AccessDenied</c>, …).</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message.</summary>
    public string ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }
}
