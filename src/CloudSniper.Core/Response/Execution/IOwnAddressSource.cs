using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Core.Response.Execution;

/// <summary>Reads an account's own VPC CIDR blocks and Elastic IPs in a region (cached by implementations).</summary>
public interface IOwnAddressSource
{
    /// <summary>The own networks; throws when they cannot be read (the runner then blocks nothing there).</summary>
    Task<OwnNetworks> GetAsync(string accountId, string region, CancellationToken cancellationToken);
}
