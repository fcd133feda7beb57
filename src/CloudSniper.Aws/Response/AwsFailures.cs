using Amazon.Runtime;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Aws.Response;

/// <summary>Turns AWS errors (from the SDK or the signed client) into <see cref="ActionFailedException"/>s that name the missing permission.</summary>
public static class AwsFailures
{
    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Client.UnauthorizedOperation",
    };

    /// <summary>The AWS error code of an exception, or null when it is not an AWS error answer.</summary>
    public static string? CodeOf(Exception ex) => ex switch
    {
        AwsServiceException a => a.ErrorCode,
        AmazonServiceException s => s.ErrorCode,
        AmazonClientException => "ClientError",
        _ => null,
    };

    /// <summary>True for an access-denied answer.</summary>
    public static bool IsAccessDenied(Exception ex) => ex is AwsAccessDeniedException || (CodeOf(ex) is { } c && AccessDeniedCodes.Contains(c));

    /// <summary>The failure of <paramref name="what"/>, naming <paramref name="permission"/> when access was denied.</summary>
    public static ActionFailedException From(Exception ex, string what, string permission)
    {
        var code = CodeOf(ex);
        if (IsAccessDenied(ex))
        {
            var needed = ex is AwsServiceException a && a.Permission.Length > 0 ? a.Permission : permission;
            return new ActionFailedException($"{what}: access denied; the role needs {needed}", code, needed, ex);
        }

        return new ActionFailedException($"{what}: {ex.Message}", code, null, ex);
    }

    /// <summary>True when <paramref name="ex"/> is an AWS error answer (so executors may turn it into a recorded failure).</summary>
    public static bool IsAws(Exception ex) => ex is AwsServiceException or AmazonServiceException or AmazonClientException;
}
