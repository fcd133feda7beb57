using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Picks the remote addresses of a finding that a block action should consider.</summary>
public static class FindingAddresses
{
    /// <summary>The values of the <c>direction</c> parameter.</summary>
    public static IReadOnlyList<string> Directions { get; } = ["inbound", "outbound", "any"];

    /// <summary>
    /// Every distinct remote address (as a host block) in the given direction. <c>inbound</c>: attackers (inbound
    /// connections, port probes, API callers, login attempts); <c>outbound</c>: hosts our resource contacted;
    /// <c>any</c>: both, and IP or CIDR indicators a feed asserted. Unparseable values are ignored.
    /// </summary>
    public static List<IpNetwork> Select(Finding finding, string direction)
    {
        var result = new List<IpNetwork>(finding.RemoteIps.Length);
        var any = direction == "any";
        foreach (var remote in finding.RemoteIps)
        {
            var inbound = remote.Direction == NetworkDirection.Inbound ||
                (remote.Direction == NetworkDirection.Unknown && remote.Action is ActionKind.PortProbe or ActionKind.AwsApiCall or ActionKind.RdsLoginAttempt or ActionKind.KubernetesApiCall);
            var outbound = remote.Direction == NetworkDirection.Outbound;
            if ((any || (direction == "inbound" && inbound) || (direction == "outbound" && outbound)) && IpNetwork.TryParse(remote.Address, out var n))
            {
                AddDistinct(result, n.Value);
            }
        }

        if (any)
        {
            foreach (var indicator in finding.Indicators)
            {
                if (IpNetwork.TryParse(indicator, out var n))
                {
                    AddDistinct(result, n.Value);
                }
            }
        }

        return result;
    }

    private static void AddDistinct(List<IpNetwork> list, IpNetwork network)
    {
        foreach (var existing in list)
        {
            if (existing.Length == network.Length && existing.Prefix.Equals(network.Prefix))
            {
                return;
            }
        }

        list.Add(network);
    }
}
