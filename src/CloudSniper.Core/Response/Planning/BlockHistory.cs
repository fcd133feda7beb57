namespace CloudSniper.Core.Response.Planning;

/// <summary>A snapshot of past blocks for the addresses of one batch, and the count of blocks in the last hour (for the blast-radius cap).</summary>
public sealed class BlockHistory(IReadOnlyDictionary<string, AddressHistory> byAddress, int blocksLastHour)
{
    /// <summary>No history.</summary>
    public static BlockHistory Empty { get; } = new(new Dictionary<string, AddressHistory>(), 0);

    /// <summary>Distinct addresses newly blocked in the last hour.</summary>
    public int BlocksLastHour { get; } = blocksLastHour;

    /// <summary>The history of an address (canonical CIDR form), or the default when never blocked.</summary>
    public AddressHistory Get(string address) => byAddress.TryGetValue(address, out var h) ? h : default;
}
