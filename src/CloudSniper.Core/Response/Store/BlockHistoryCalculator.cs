using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Store;

/// <summary>Derives the planner's <see cref="BlockHistory"/> from stored block rows; shared by every store.</summary>
public static class BlockHistoryCalculator
{
    /// <summary>
    /// Per address: an address blocked now keeps its current offence (a replayed finding does not double the time
    /// to live); an address blocked before but no longer counts every earlier offence.
    /// </summary>
    public static BlockHistory From(IEnumerable<BlockRecord> rows, int blocksLastHour, DateTimeOffset now)
    {
        var byAddress = new Dictionary<string, (int MaxOffence, DateTimeOffset? ActiveUntil)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byAddress.TryGetValue(row.Address, out var h);
            var max = Math.Max(h.MaxOffence, row.Offence);
            var until = h.ActiveUntil;
            if (row.InPlace && row.ExpiresAt > now && (until is null || row.ExpiresAt > until))
            {
                until = row.ExpiresAt;
            }

            byAddress[row.Address] = (max, until);
        }

        var result = new Dictionary<string, AddressHistory>(byAddress.Count, StringComparer.Ordinal);
        foreach (var (address, (max, until)) in byAddress)
        {
            result[address] = new AddressHistory(until is null ? max : Math.Max(0, max - 1), until);
        }

        return new BlockHistory(result, blocksLastHour);
    }
}
