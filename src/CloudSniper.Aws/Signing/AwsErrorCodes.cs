using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>Maps AWS error codes to typed exceptions and says which are worth retrying.</summary>
public static class AwsErrorCodes
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "Throttled", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "KMSThrottlingException",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable", "ServiceFailure",
        "WAFInternalErrorException", "InternalErrorException",
    };

    private static readonly HashSet<string> AccessDenied = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "AuthorizationErrorException",
        "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
    };

    private static readonly HashSet<string> NotFound = new(StringComparer.Ordinal)
    {
        "WAFNonexistentItemException", "NoSuchEntity", "NotFound", "NotFoundException", "ResourceNotFoundException",
    };

    private static readonly HashSet<string> Limits = new(StringComparer.Ordinal)
    {
        "WAFLimitsExceededException", "LimitExceeded", "LimitExceededException", "NetworkAclEntryLimitExceeded",
    };

    private static readonly HashSet<string> Invalid = new(StringComparer.Ordinal)
    {
        "WAFInvalidParameterException", "WAFInvalidOperationException", "InvalidInput", "InvalidParameter", "InvalidParameterException",
        "InvalidParameterValue", "ValidationException", "MalformedPolicyDocument",
    };

    /// <summary>True for throttling codes, transient server faults and 5xx/429 answers: the call is retried with backoff.</summary>
    public static bool IsRetryable(string errorCode, HttpStatusCode status) =>
        Throttling.Contains(errorCode) || Transient.Contains(errorCode) || (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    /// <summary>The typed exception for an error answer.</summary>
    public static AwsServiceException Create(AwsServiceDescription service, string operation, string errorCode, string message, HttpStatusCode status, string? requestId)
    {
        var permission = service.SigningName + ":" + operation;
        if (Throttling.Contains(errorCode) || status == HttpStatusCode.TooManyRequests)
        {
            return new AwsThrottlingException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        if (AccessDenied.Contains(errorCode) || status == HttpStatusCode.Forbidden)
        {
            return new AwsAccessDeniedException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        if (errorCode == "WAFOptimisticLockException")
        {
            return new AwsOptimisticLockException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        if (NotFound.Contains(errorCode))
        {
            return new AwsNotFoundException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        if (Limits.Contains(errorCode))
        {
            return new AwsLimitExceededException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        if (Invalid.Contains(errorCode))
        {
            return new AwsInvalidParameterException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
        }

        return new AwsServiceException(service.ServiceId, operation, permission, errorCode, message, status, requestId);
    }
}
