using System.Runtime.CompilerServices;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Internal;

/// <summary>
/// Decides whether an address is internal, once per record side: configured CIDRs when given, else the private
/// address space checked with a few integer comparisons (a hash look-up per prefix length would cost more than the
/// rest of the record's parsing).
/// </summary>
internal sealed class InternalMatcher(NetworkSet? configured)
{
    private readonly NetworkSet? configured = configured is { IsEmpty: false } ? configured : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsInternal(FlowAddress a)
    {
        if (configured is not null)
        {
            return configured.Contains(a);
        }

        if (a.IsIPv4)
        {
            var v = a.V4;
            return (v >> 24) == 10
                || (v >> 20) == 0xAC1 // 172.16.0.0/12
                || (v >> 16) == 0xC0A8 // 192.168.0.0/16
                || (v >> 22) == 0x191 // 100.64.0.0/10
                || (v >> 16) == 0xA9FE; // 169.254.0.0/16
        }

        var top = (ushort)(a.Value >> 112);
        return (top & 0xFE00) == 0xFC00 || (top & 0xFFC0) == 0xFE80;
    }
}
