using System.Runtime.CompilerServices;

namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>
/// Parses one flow-log line straight from its UTF-8 bytes into a <see cref="FlowRecord"/>: no string per field,
/// addresses packed into integers. About 110 bytes and 14 fields a line; this is the hot loop of every read.
/// </summary>
internal static class FlowLineParser
{
    /// <summary>Parses <paramref name="line"/> (without its newline) laid out as <paramref name="columns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FlowLineStatus Parse(ReadOnlySpan<byte> line, FlowLogField[] columns, ref FlowRecord r, out FlowRejectReason reason, out int badColumn)
    {
        reason = default;
        badColumn = -1;
        r = default;
        r.TcpFlags = -1;
        var hasStart = false;
        var hasEnd = false;
        var pos = 0;
        var len = line.Length;
        for (var c = 0; c < columns.Length; c++)
        {
            while (pos < len && line[pos] == (byte)' ')
            {
                pos++;
            }

            if (pos >= len)
            {
                if (c == 0)
                {
                    return FlowLineStatus.Blank;
                }

                reason = FlowRejectReason.ShortLine;
                badColumn = c;
                return FlowLineStatus.Rejected;
            }

            // Fields are 1 to 20 bytes: a plain scan beats a vectorised search that has to be set up 14 times a line.
            var tokenStart = pos;
            while (pos < len && line[pos] != (byte)' ')
            {
                pos++;
            }

            var token = line[tokenStart..pos];
            var dash = token.Length == 1 && token[0] == (byte)'-';
            switch (columns[c])
            {
                case FlowLogField.Ignored:
                case FlowLogField.AccountId:
                case FlowLogField.InterfaceId:
                case FlowLogField.VpcId:
                case FlowLogField.SubnetId:
                case FlowLogField.InstanceId:
                case FlowLogField.Type:
                case FlowLogField.Region:
                case FlowLogField.AzId:
                case FlowLogField.SublocationType:
                case FlowLogField.SublocationId:
                case FlowLogField.PktSrcAwsService:
                case FlowLogField.PktDstAwsService:
                    break;
                case FlowLogField.Version:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var v) || v > int.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        r.Version = (int)v;
                    }

                    break;
                case FlowLogField.SrcAddr:
                case FlowLogField.DstAddr:
                case FlowLogField.PktSrcAddr:
                case FlowLogField.PktDstAddr:
                    if (!dash)
                    {
                        FlowAddress a;
                        if (FlowAddress.TryParseV4(token, out var v4))
                        {
                            a = FlowAddress.FromV4(v4);
                        }
                        else if (!FlowAddress.TryParse(token, out a))
                        {
                            return Fail(FlowRejectReason.BadAddress, c, out reason, out badColumn);
                        }

                        switch (columns[c])
                        {
                            case FlowLogField.SrcAddr: r.SrcAddr = a; break;
                            case FlowLogField.DstAddr: r.DstAddr = a; break;
                            case FlowLogField.PktSrcAddr: r.PktSrcAddr = a; break;
                            default: r.PktDstAddr = a; break;
                        }
                    }

                    break;
                case FlowLogField.SrcPort:
                case FlowLogField.DstPort:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var p) || p > ushort.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        if (columns[c] == FlowLogField.SrcPort)
                        {
                            r.SrcPort = (ushort)p;
                        }
                        else
                        {
                            r.DstPort = (ushort)p;
                        }
                    }

                    break;
                case FlowLogField.Protocol:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var p) || p > 255)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        r.Protocol = (byte)p;
                    }

                    break;
                case FlowLogField.Packets:
                case FlowLogField.Bytes:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var n) || n > long.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        if (columns[c] == FlowLogField.Bytes)
                        {
                            r.Bytes = (long)n;
                        }
                        else
                        {
                            r.Packets = (long)n;
                        }
                    }

                    break;
                case FlowLogField.Start:
                case FlowLogField.End:
                    if (!dash)
                    {
                        // Unix seconds up to 2106 fit the analysis's 32-bit timestamps.
                        if (!TryNumber(token, out var t) || t > uint.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        if (columns[c] == FlowLogField.Start)
                        {
                            r.Start = (long)t;
                            hasStart = true;
                        }
                        else
                        {
                            r.End = (long)t;
                            hasEnd = true;
                        }
                    }

                    break;
                case FlowLogField.Action:
                    if (!dash)
                    {
                        if (token.SequenceEqual("ACCEPT"u8))
                        {
                            r.Action = FlowAction.Accept;
                        }
                        else if (token.SequenceEqual("REJECT"u8))
                        {
                            r.Action = FlowAction.Reject;
                        }
                        else
                        {
                            return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                        }
                    }

                    break;
                case FlowLogField.LogStatus:
                    if (!dash)
                    {
                        if (token.SequenceEqual("OK"u8))
                        {
                            r.LogStatus = FlowLogStatus.Ok;
                        }
                        else if (token.SequenceEqual("NODATA"u8))
                        {
                            r.LogStatus = FlowLogStatus.NoData;
                        }
                        else if (token.SequenceEqual("SKIPDATA"u8))
                        {
                            r.LogStatus = FlowLogStatus.SkipData;
                        }
                        else
                        {
                            return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                        }
                    }

                    break;
                case FlowLogField.TcpFlags:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var f) || f > int.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        r.TcpFlags = (int)f;
                    }

                    break;
                case FlowLogField.TrafficPath:
                    if (!dash)
                    {
                        if (!TryNumber(token, out var tp) || tp > int.MaxValue)
                        {
                            return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                        }

                        r.TrafficPath = (int)tp;
                    }

                    break;
                case FlowLogField.FlowDirection:
                    if (!dash)
                    {
                        if (token.SequenceEqual("egress"u8))
                        {
                            r.Direction = FlowDirection.Egress;
                        }
                        else if (token.SequenceEqual("ingress"u8))
                        {
                            r.Direction = FlowDirection.Ingress;
                        }
                        else
                        {
                            return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        while (pos < len && line[pos] == (byte)' ')
        {
            pos++;
        }

        if (pos < len)
        {
            return Fail(FlowRejectReason.LongLine, columns.Length, out reason, out badColumn);
        }

        if (r.LogStatus == FlowLogStatus.NoData)
        {
            return FlowLineStatus.NoData;
        }

        if (r.LogStatus == FlowLogStatus.SkipData)
        {
            return FlowLineStatus.SkipData;
        }

        if (r.SrcAddr.IsNone)
        {
            return Fail(FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.SrcAddr), out reason, out badColumn);
        }

        if (r.DstAddr.IsNone)
        {
            return Fail(FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.DstAddr), out reason, out badColumn);
        }

        if (!hasStart)
        {
            return Fail(FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.Start), out reason, out badColumn);
        }

        if (!hasEnd)
        {
            r.End = r.Start;
        }
        else if (r.End < r.Start)
        {
            return Fail(FlowRejectReason.BadTime, Array.IndexOf(columns, FlowLogField.End), out reason, out badColumn);
        }

        return FlowLineStatus.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNumber(ReadOnlySpan<byte> token, out ulong value)
    {
        value = 0;
        if (token.Length is 0 or > 19)
        {
            return false;
        }

        ulong acc = 0;
        foreach (var b in token)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        value = acc;
        return true;
    }

    private static FlowLineStatus Fail(FlowRejectReason why, int column, out FlowRejectReason reason, out int badColumn)
    {
        reason = why;
        badColumn = column;
        return FlowLineStatus.Rejected;
    }
}
