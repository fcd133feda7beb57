using System.Collections.Concurrent;
using Amazon.EC2.Model;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Aws.Response;

/// <summary>Reads an account's VPC CIDR blocks (IPv4 and IPv6) and Elastic IPs per region, cached for ten minutes.</summary>
public sealed class Ec2OwnAddressSource(AwsClientFactory clients) : IOwnAddressSource
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (OwnNetworks Networks, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<OwnNetworks> GetAsync(string accountId, string region, CancellationToken cancellationToken)
    {
        var key = accountId + "|" + region;
        var now = clients.Options.Time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.Until > now)
        {
            return hit.Networks;
        }

        var ec2 = await clients.Ec2Async(accountId, region, cancellationToken).ConfigureAwait(false);
        var blocks = new List<(IpNetwork, string)>();
        try
        {
            var vpcs = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), cancellationToken).ConfigureAwait(false);
            foreach (var vpc in vpcs.Vpcs ?? [])
            {
                foreach (var cidr in (vpc.CidrBlockAssociationSet ?? []).Select(a => a.CidrBlock).Append(vpc.CidrBlock).Concat((vpc.Ipv6CidrBlockAssociationSet ?? []).Select(a => a.Ipv6CidrBlock)))
                {
                    if (IpNetwork.TryParse(cidr, out var n))
                    {
                        blocks.Add((n.Value, $"{vpc.VpcId} {n.Value}"));
                    }
                }
            }

            var addresses = await ec2.DescribeAddressesAsync(new DescribeAddressesRequest(), cancellationToken).ConfigureAwait(false);
            foreach (var address in addresses.Addresses ?? [])
            {
                if (IpNetwork.TryParse(address.PublicIp, out var n))
                {
                    blocks.Add((n.Value, $"Elastic IP {address.AllocationId ?? address.PublicIp}"));
                }
            }
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"reading own addresses in {accountId}/{region}", "ec2:DescribeVpcs");
        }

        var networks = OwnNetworks.Create(blocks);
        _cache[key] = (networks, now + Lifetime);
        return networks;
    }
}
