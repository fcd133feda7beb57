namespace CloudSniper.Aws.Posture.Internal;

/// <summary>An AWS call that answered with an error: the service's error code, its message and the HTTP status.</summary>
internal sealed class AwsCallException(string code, string message, int status) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;

    public string ErrorMessage { get; } = message;

    public int Status { get; } = status;

    /// <summary>True for the codes AWS uses to deny a call.</summary>
    public bool IsAccessDenied =>
        Status == 403 && !Code.Contains("Throttl", StringComparison.OrdinalIgnoreCase)
        || Code.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase)
        || Code.Contains("UnauthorizedOperation", StringComparison.OrdinalIgnoreCase)
        || Code.Equals("AuthorizationError", StringComparison.OrdinalIgnoreCase);
}
