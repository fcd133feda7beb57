using System.Buffers.Text;
using System.Text;

namespace CloudSniper.Core.FlowLogs;

/// <summary>Writes flow records as flow-log text in a given layout, header first, as AWS delivers them to S3.</summary>
public sealed class FlowLogWriter : IDisposable
{
    private readonly Stream output;
    private readonly FlowLogField[] columns;
    private readonly byte[] buffer = new byte[1 << 16];
    private readonly string accountId;
    private readonly string interfaceId;
    private int used;

    /// <summary>Starts a file in <paramref name="format"/> and writes its header line.</summary>
    public FlowLogWriter(Stream output, FlowLogFormat format, string accountId = "123456789012", string interfaceId = "eni-0123456789abcdef0")
    {
        ArgumentNullException.ThrowIfNull(format);
        this.output = output;
        columns = format.ColumnArray;
        this.accountId = accountId;
        this.interfaceId = interfaceId;
        Append(Encoding.ASCII.GetBytes(format.Header));
        Append((byte)'\n');
    }

    /// <summary>Records written.</summary>
    public long Written { get; private set; }

    /// <summary>Writes one record with status OK.</summary>
    public void Write(in FlowRecord r) => Write(in r, interfaceId);

    /// <summary>Writes one record with status OK, logged on interface <paramref name="eni"/>.</summary>
    public void Write(in FlowRecord r, string eni)
    {
        Ensure(512);
        for (var c = 0; c < columns.Length; c++)
        {
            if (c > 0)
            {
                buffer[used++] = (byte)' ';
            }

            switch (columns[c])
            {
                case FlowLogField.Version: Number(r.Version == 0 ? 2 : r.Version); break;
                case FlowLogField.AccountId: Ascii(accountId); break;
                case FlowLogField.InterfaceId: Ascii(eni); break;
                case FlowLogField.SrcAddr: Address(r.SrcAddr); break;
                case FlowLogField.DstAddr: Address(r.DstAddr); break;
                case FlowLogField.PktSrcAddr: Address(r.PktSrcAddr.IsNone ? r.SrcAddr : r.PktSrcAddr); break;
                case FlowLogField.PktDstAddr: Address(r.PktDstAddr.IsNone ? r.DstAddr : r.PktDstAddr); break;
                case FlowLogField.SrcPort: Number(r.SrcPort); break;
                case FlowLogField.DstPort: Number(r.DstPort); break;
                case FlowLogField.Protocol: Number(r.Protocol); break;
                case FlowLogField.Packets: Number(r.Packets); break;
                case FlowLogField.Bytes: Number(r.Bytes); break;
                case FlowLogField.Start: Number(r.Start); break;
                case FlowLogField.End: Number(r.End); break;
                case FlowLogField.Action: Ascii(r.Action == FlowAction.Reject ? "REJECT" : "ACCEPT"); break;
                case FlowLogField.LogStatus: Ascii("OK"); break;
                case FlowLogField.TcpFlags: if (r.TcpFlags < 0) { Ascii("-"); } else { Number(r.TcpFlags); } break;
                case FlowLogField.FlowDirection: Ascii(r.Direction switch { FlowDirection.Egress => "egress", FlowDirection.Ingress => "ingress", _ => "-" }); break;
                case FlowLogField.TrafficPath: if (r.TrafficPath > 0) { Number(r.TrafficPath); } else { Ascii("-"); } break;
                case FlowLogField.Type: Ascii(r.SrcAddr.IsIPv4 ? "IPv4" : "IPv6"); break;
                case FlowLogField.VpcId: Ascii("vpc-0a1b2c3d"); break;
                case FlowLogField.SubnetId: Ascii("subnet-0a1b2c3d"); break;
                case FlowLogField.InstanceId: Ascii("i-0123456789abcdef0"); break;
                case FlowLogField.Region: Ascii("us-east-1"); break;
                case FlowLogField.AzId: Ascii("use1-az1"); break;
                default: Ascii("-"); break;
            }
        }

        buffer[used++] = (byte)'\n';
        Written++;
    }

    /// <summary>Writes a NODATA or SKIPDATA line for the window [<paramref name="start"/>, <paramref name="end"/>].</summary>
    public void WriteStatus(FlowLogStatus status, long start, long end)
    {
        Ensure(512);
        for (var c = 0; c < columns.Length; c++)
        {
            if (c > 0)
            {
                buffer[used++] = (byte)' ';
            }

            switch (columns[c])
            {
                case FlowLogField.Version: Number(2); break;
                case FlowLogField.AccountId: Ascii(accountId); break;
                case FlowLogField.InterfaceId: Ascii(interfaceId); break;
                case FlowLogField.Start: Number(start); break;
                case FlowLogField.End: Number(end); break;
                case FlowLogField.LogStatus: Ascii(status == FlowLogStatus.NoData ? "NODATA" : "SKIPDATA"); break;
                default: Ascii("-"); break;
            }
        }

        buffer[used++] = (byte)'\n';
    }

    /// <summary>Flushes what is buffered to the stream.</summary>
    public void Flush()
    {
        output.Write(buffer, 0, used);
        used = 0;
        output.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => Flush();

    private void Ensure(int n)
    {
        if (used + n > buffer.Length)
        {
            output.Write(buffer, 0, used);
            used = 0;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(used));
        used += bytes.Length;
    }

    private void Append(byte b) => buffer[used++] = b;

    private void Ascii(string s)
    {
        foreach (var ch in s)
        {
            buffer[used++] = (byte)ch;
        }
    }

    private void Number(long n)
    {
        Utf8Formatter.TryFormat(n, buffer.AsSpan(used), out var written);
        used += written;
    }

    private void Address(FlowAddress a)
    {
        if (a.IsNone)
        {
            buffer[used++] = (byte)'-';
            return;
        }

        if (a.IsIPv4)
        {
            var v = a.V4;
            Number(v >> 24);
            buffer[used++] = (byte)'.';
            Number((v >> 16) & 0xFF);
            buffer[used++] = (byte)'.';
            Number((v >> 8) & 0xFF);
            buffer[used++] = (byte)'.';
            Number(v & 0xFF);
            return;
        }

        Ascii(a.ToString());
    }
}
