using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CloudSniper.Aws.Signing;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Creates and caches the AWS clients of the executors per account and region. In a member account (not the
/// caller's own) it assumes the configured role with the external id and caches the session until five minutes
/// before it expires, so one deployment in the GuardDuty administrator account serves the organisation.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly AwsClientOptions _options;
    private readonly ConcurrentDictionary<string, object> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (AWSCredentials Credentials, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _assumeLock = new(1, 1);
    private AWSCredentials? _base;
    private string? _ownAccount;

    /// <summary>Creates the factory.</summary>
    public AwsClientFactory(AwsClientOptions options)
    {
        _options = options;
        _ownAccount = options.OwnAccountId;
    }

    /// <summary>The settings in use.</summary>
    public AwsClientOptions Options => _options;

    /// <summary><c>AssumeRole</c> calls made (sessions are cached).</summary>
    public int AssumeRoleCalls { get; private set; }

    /// <summary>An EC2 client acting in <paramref name="account"/> and <paramref name="region"/>.</summary>
    public async Task<IAmazonEC2> Ec2Async(string? account, string region, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return (IAmazonEC2)_clients.GetOrAdd($"ec2|{account}|{region}", _ =>
        {
            var config = new AmazonEC2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
            Configure(config, "EC2", region);
            return new AmazonEC2Client(credentials, config);
        });
    }

    /// <summary>A WAFv2 client acting in <paramref name="account"/> and <paramref name="region"/>.</summary>
    public async Task<Wafv2Client> WafAsync(string? account, string region, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return (Wafv2Client)_clients.GetOrAdd($"wafv2|{account}|{region}", _ => new Wafv2Client(Signed(AwsServiceDescription.Wafv2, region, credentials)));
    }

    /// <summary>An IAM client acting in <paramref name="account"/>.</summary>
    public async Task<IamClient> IamAsync(string? account, string region, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return (IamClient)_clients.GetOrAdd($"iam|{account}", _ => new IamClient(Signed(AwsServiceDescription.Iam, region, credentials)));
    }

    /// <summary>An SNS client acting in <paramref name="account"/> and <paramref name="region"/>.</summary>
    public async Task<SnsClient> SnsAsync(string? account, string region, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return (SnsClient)_clients.GetOrAdd($"sns|{account}|{region}", _ => new SnsClient(Signed(AwsServiceDescription.Sns, region, credentials)));
    }

    /// <summary>A Service Quotas client acting in <paramref name="account"/> and <paramref name="region"/>.</summary>
    public async Task<ServiceQuotasClient> ServiceQuotasAsync(string? account, string region, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        return (ServiceQuotasClient)_clients.GetOrAdd($"servicequotas|{account}|{region}", _ => new ServiceQuotasClient(Signed(AwsServiceDescription.ServiceQuotas, region, credentials)));
    }

    /// <summary>The credentials to act in <paramref name="account"/>: the base ones, or a cached assumed-role session.</summary>
    public async Task<AWSCredentials> CredentialsAsync(string? account, CancellationToken cancellationToken)
    {
        var baseCredentials = _base ??= _options.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        if (_options.AssumeRoleName is null || account is null)
        {
            return baseCredentials;
        }

        if (_sessions.TryGetValue(account, out var cached) && cached.Expires - RefreshMargin > _options.Time.GetUtcNow())
        {
            return cached.Credentials;
        }

        await _assumeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sessions.TryGetValue(account, out cached) && cached.Expires - RefreshMargin > _options.Time.GetUtcNow())
            {
                return cached.Credentials;
            }

            using var sts = Sts(baseCredentials);
            _ownAccount ??= (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account;
            if (_ownAccount == account)
            {
                return baseCredentials;
            }

            var partition = _options.DefaultRegion.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : _options.DefaultRegion.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
            var request = new AssumeRoleRequest
            {
                RoleArn = $"arn:{partition}:iam::{account}:role/{_options.AssumeRoleName}",
                RoleSessionName = "cloudsniper-response",
                DurationSeconds = 3600,
                ExternalId = _options.ExternalId,
            };
            AssumeRoleCalls++;
            var response = await sts.AssumeRoleAsync(request, cancellationToken).ConfigureAwait(false);
            var c = response.Credentials;
            var session = new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
            var expires = c.Expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : _options.Time.GetUtcNow().AddHours(1);
            _sessions[account] = (session, expires);
            return session;
        }
        finally
        {
            _assumeLock.Release();
        }
    }

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_options.DefaultRegion) };
        Configure(config, "STS", _options.DefaultRegion);
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private void Configure(ClientConfig config, string serviceId, string region)
    {
        // The SDK reads AWS_ENDPOINT_URL[_SERVICE] from the process itself; this honours the same variables when the
        // environment is injected (tests, the server's per-tenant settings).
        if (AwsEndpointResolver.Configured(serviceId, _options.Environment) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }

        if (_options.SdkHttpClientFactory is not null)
        {
            config.HttpClientFactory = _options.SdkHttpClientFactory;
        }

        if (_options.SdkMaxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }
    }

    private SignedAwsClient Signed(AwsServiceDescription service, string region, AWSCredentials credentials) =>
        new(service, region, credentials, new SignedClientOptions
        {
            Handler = _options.SignedHandler,
            Environment = _options.Environment,
            Time = _options.Time,
            MaxAttempts = _options.MaxAttempts,
            Delay = _options.Delay,
        });

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values.OfType<IDisposable>())
        {
            client.Dispose();
        }

        _assumeLock.Dispose();
    }
}
