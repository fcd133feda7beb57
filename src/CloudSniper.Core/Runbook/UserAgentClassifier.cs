namespace CloudSniper.Core.Runbook;

/// <summary>Sorts CloudTrail user agents into families: programmatic (SDK, CLI, Terraform, AWS services) or not (console, browser, other tools).</summary>
public static class UserAgentClassifier
{
    /// <summary>The family of <paramref name="userAgent"/>.</summary>
    public static UserAgentFamily Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return UserAgentFamily.None;
        }

        var ua = userAgent.AsSpan().Trim();
        if (ua.StartsWith("console.", StringComparison.OrdinalIgnoreCase)
            || ua.StartsWith("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("S3Console", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("AWSConsole", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("aws-internal/", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.Console;
        }

        if (ua.Equals("AWS Internal", StringComparison.OrdinalIgnoreCase) || ua.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.AwsService;
        }

        if (ua.Contains("Terraform", StringComparison.OrdinalIgnoreCase) || ua.Contains("HashiCorp", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.Terraform;
        }

        if (ua.Contains("aws-cli/", StringComparison.OrdinalIgnoreCase) || ua.Contains("AWSPowerShell", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.Cli;
        }

        if (ua.Contains("aws-sdk", StringComparison.OrdinalIgnoreCase)
            || ua.StartsWith("Boto3/", StringComparison.OrdinalIgnoreCase)
            || ua.StartsWith("botocore/", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("aws-chalice", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("aws-go-sdk", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.Sdk;
        }

        if (ua.StartsWith("Mozilla/", StringComparison.OrdinalIgnoreCase))
        {
            return UserAgentFamily.Browser;
        }

        return UserAgentFamily.Other;
    }

    /// <summary>True for the families a role is expected to call from: SDKs, the CLI, Terraform and AWS services.</summary>
    public static bool IsProgrammatic(UserAgentFamily family) =>
        family is UserAgentFamily.Sdk or UserAgentFamily.Cli or UserAgentFamily.Terraform or UserAgentFamily.AwsService or UserAgentFamily.None;
}
