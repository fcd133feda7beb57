using Amazon.Runtime;
using CloudSniper.Core.Response;

namespace CloudSniper.Aws.Response;

/// <summary>How the response executors reach AWS: credentials, region, role to assume in member accounts, and test seams.</summary>
public sealed record AwsClientOptions
{
    /// <summary>Base credentials; null for the SDK's default chain (environment, profile, SSO, container, instance role).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Role name assumed in a finding's account when it is not the caller's own; null acts with the base credentials everywhere.</summary>
    public string? AssumeRoleName { get; init; }

    /// <summary>External id passed to <c>AssumeRole</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The account the base credentials belong to, when known (saves a <c>GetCallerIdentity</c> call).</summary>
    public string? OwnAccountId { get; init; }

    /// <summary>Region for global calls (STS) when none is configured.</summary>
    public string DefaultRegion { get; init; } = "us-east-1";

    /// <summary>HTTP handler of the signed clients (WAFv2, IAM, SNS); tests replay recorded answers through it.</summary>
    public HttpMessageHandler? SignedHandler { get; init; }

    /// <summary>The SDK's HTTP client factory for EC2 and STS; tests replay recorded answers through it.</summary>
    public HttpClientFactory? SdkHttpClientFactory { get; init; }

    /// <summary>Retries of the SDK clients (the signed clients use <see cref="MaxAttempts"/>).</summary>
    public int? SdkMaxErrorRetry { get; init; }

    /// <summary>Attempts per signed call.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Waits between signed-client retries (tests pass a no-op).</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Which environment variables <c>${NAME}</c> in a notification URL may read.</summary>
    public UrlVariablePolicy UrlVariables { get; init; } = UrlVariablePolicy.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
