namespace CloudSniper.Core.Response.Planning;

/// <summary>Block time to live: <see cref="Default"/> for a first offence, doubled for every earlier block of the same address, up to <see cref="Max"/>.</summary>
public sealed record BlockTtlPolicy(TimeSpan Default, TimeSpan Max)
{
    /// <summary>The time to live of a block given how many times the address was blocked before.</summary>
    public TimeSpan For(int priorBlocks)
    {
        var ttl = Default;
        for (var i = 0; i < priorBlocks && ttl < Max; i++)
        {
            ttl += ttl;
        }

        return ttl > Max ? Max : ttl;
    }
}
