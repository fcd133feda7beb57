using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CloudSniper.Aws.Posture.Internal;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Aws.Posture;

/// <summary>
/// Collects a <see cref="PostureSnapshot"/> from AWS: every enabled region (EC2 DescribeRegions) in parallel with
/// bounded concurrency, for the caller's account, a list of roles to assume, or every account of the organisation.
/// EC2 and STS go through their SDKs; CloudTrail, Config, ECR, Organizations (awsJson1.1), GuardDuty, Security Hub,
/// Inspector2, Lambda (restJson1) and IAM (awsQuery) through small signed clients. Every endpoint honours
/// <c>AWS_ENDPOINT_URL</c> and <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>. A failed call becomes a
/// <see cref="CollectionError"/> naming the permission, and collection goes on.
/// </summary>
public sealed partial class AwsPostureCollector : IPostureCollector
{
    private readonly AWSCredentials _credentials;
    private readonly string _homeRegion;
    private readonly PostureEndpoints _endpoints;
    private readonly Func<HttpMessageHandler> _transport;
    private readonly TimeProvider _time;

    /// <summary>A collector signing with <paramref name="credentials"/>; <paramref name="transport"/> creates the HTTP handlers (replayed responses in tests).</summary>
    public AwsPostureCollector(AWSCredentials credentials, string homeRegion, Func<string, string?> getVariable, TimeProvider time, Func<HttpMessageHandler>? transport = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(getVariable);
        _credentials = credentials;
        _homeRegion = homeRegion;
        _endpoints = new PostureEndpoints(getVariable);
        _time = time;
        _transport = transport ?? (() => new SocketsHttpHandler());
    }

    /// <inheritdoc />
    public async Task<PostureSnapshot> CollectAsync(PostureCollectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var targets = new List<(string? RoleArn, string? AccountHint)>();
        var accounts = new List<AccountPosture>();
        if (options.WholeOrganization)
        {
            try
            {
                foreach (var id in await ListOrganizationAccountsAsync(cancellationToken).ConfigureAwait(false))
                {
                    targets.Add(($"arn:aws:iam::{id}:role/{options.OrganizationRoleName}", id));
                }
            }
            catch (AwsCallException ex)
            {
                accounts.Add(new AccountPosture { AccountId = "organization", Errors = [Error("organizations", "ListAccounts", "organizations:ListAccounts", ex)] });
            }
        }
        else if (options.RoleArns.Count > 0)
        {
            targets.AddRange(options.RoleArns.Select(r => ((string?)r, AccountOf(r))));
        }
        else
        {
            targets.Add((null, null));
        }

        foreach (var (roleArn, hint) in targets)
        {
            accounts.Add(await CollectAccountAsync(roleArn, hint, options, cancellationToken).ConfigureAwait(false));
        }

        return new PostureSnapshot { CollectedAt = _time.GetUtcNow(), Accounts = accounts };
    }

    private async Task<AccountPosture> CollectAccountAsync(string? roleArn, string? accountHint, PostureCollectionOptions options, CancellationToken ct)
    {
        AWSCredentials credentials = _credentials;
        string accountId;
        try
        {
            using var sts = new AmazonSecurityTokenServiceClient(_credentials, SdkConfig(new AmazonSecurityTokenServiceConfig(), "STS", _homeRegion));
            if (roleArn is not null)
            {
                var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "cloud-sniper-runbook", DurationSeconds = 3600 }, ct).ConfigureAwait(false);
                credentials = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
            }

            using var stsAs = new AmazonSecurityTokenServiceClient(credentials, SdkConfig(new AmazonSecurityTokenServiceConfig(), "STS", _homeRegion));
            accountId = (await stsAs.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct).ConfigureAwait(false)).Account;
        }
        catch (AmazonServiceException ex)
        {
            var denied = ex.StatusCode == System.Net.HttpStatusCode.Forbidden || (ex.ErrorCode ?? "").Contains("AccessDenied", StringComparison.OrdinalIgnoreCase);
            return new AccountPosture
            {
                AccountId = accountHint ?? "unknown",
                Errors = [new CollectionError("sts", roleArn is null ? "GetCallerIdentity" : "AssumeRole", roleArn is null ? "sts:GetCallerIdentity" : "sts:AssumeRole", denied, $"{ex.ErrorCode}: {ex.Message}")],
            };
        }

        IReadOnlyList<string> regions = options.Regions;
        var accountErrors = new List<CollectionError>();
        if (regions.Count == 0)
        {
            try
            {
                using var ec2 = Ec2(credentials, _homeRegion);
                var answer = await ec2.DescribeRegionsAsync(new Amazon.EC2.Model.DescribeRegionsRequest(), ct).ConfigureAwait(false);
                regions = answer.Regions.Select(r => r.RegionName).Order(StringComparer.Ordinal).ToList();
            }
            catch (AmazonServiceException ex)
            {
                accountErrors.Add(SdkError("ec2", "DescribeRegions", "ec2:DescribeRegions", ex));
                regions = [_homeRegion];
            }
        }

        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        var tasks = regions.Select(async region =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await CollectRegionAsync(credentials, accountId, region, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var collected = await Task.WhenAll(tasks).ConfigureAwait(false);
        var (root, rootError) = await CollectRootAsync(credentials, ct).ConfigureAwait(false);
        if (rootError is not null)
        {
            accountErrors.Add(rootError);
        }

        return new AccountPosture { AccountId = accountId, Regions = collected, Root = root, Errors = accountErrors };
    }

    private static string? AccountOf(string roleArn)
    {
        var parts = roleArn.Split(':');
        return parts.Length > 4 ? parts[4] : null;
    }

    private SignedServiceClient Signed(AWSCredentials credentials, string serviceId, string hostPrefix, string signingService, string region, bool global = false) =>
        new(credentials, global ? "us-east-1" : region, signingService, _endpoints.Resolve(serviceId, hostPrefix, region, global), _transport());

    private AmazonEC2Client Ec2(AWSCredentials credentials, string region) =>
        new(credentials, SdkConfig(new AmazonEC2Config(), "EC2", region));

    private T SdkConfig<T>(T config, string serviceId, string region)
        where T : ClientConfig
    {
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        if (_endpoints.Override(serviceId) is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }

        config.HttpClientFactory = new TransportHttpClientFactory(_transport);
        config.MaxErrorRetry = 2;
        return config;
    }

    private static CollectionError Error(string service, string operation, string permission, AwsCallException ex) =>
        new(service, operation, permission, ex.IsAccessDenied, $"{ex.Code}: {ex.ErrorMessage}");

    private static CollectionError SdkError(string service, string operation, string permission, AmazonServiceException ex) =>
        new(service, operation, permission, ex.StatusCode == System.Net.HttpStatusCode.Forbidden || (ex.ErrorCode ?? "").Contains("Unauthorized", StringComparison.OrdinalIgnoreCase) || (ex.ErrorCode ?? "").Contains("AccessDenied", StringComparison.OrdinalIgnoreCase), $"{ex.ErrorCode}: {ex.Message}");
}
