using System.Collections.Frozen;
using System.Text;

namespace CloudSniper.Core.FlowLogs;

/// <summary>
/// The field layout of a flow-log file, read from its header line: the default version 2 format or any custom
/// set of version 3 to 8 fields, in any order.
/// </summary>
public sealed class FlowLogFormat
{
    private static readonly FrozenDictionary<string, FlowLogField> Known = new Dictionary<string, FlowLogField>(StringComparer.Ordinal)
    {
        ["version"] = FlowLogField.Version,
        ["account-id"] = FlowLogField.AccountId,
        ["interface-id"] = FlowLogField.InterfaceId,
        ["srcaddr"] = FlowLogField.SrcAddr,
        ["dstaddr"] = FlowLogField.DstAddr,
        ["srcport"] = FlowLogField.SrcPort,
        ["dstport"] = FlowLogField.DstPort,
        ["protocol"] = FlowLogField.Protocol,
        ["packets"] = FlowLogField.Packets,
        ["bytes"] = FlowLogField.Bytes,
        ["start"] = FlowLogField.Start,
        ["end"] = FlowLogField.End,
        ["action"] = FlowLogField.Action,
        ["log-status"] = FlowLogField.LogStatus,
        ["vpc-id"] = FlowLogField.VpcId,
        ["subnet-id"] = FlowLogField.SubnetId,
        ["instance-id"] = FlowLogField.InstanceId,
        ["tcp-flags"] = FlowLogField.TcpFlags,
        ["type"] = FlowLogField.Type,
        ["pkt-srcaddr"] = FlowLogField.PktSrcAddr,
        ["pkt-dstaddr"] = FlowLogField.PktDstAddr,
        ["region"] = FlowLogField.Region,
        ["az-id"] = FlowLogField.AzId,
        ["sublocation-type"] = FlowLogField.SublocationType,
        ["sublocation-id"] = FlowLogField.SublocationId,
        ["pkt-src-aws-service"] = FlowLogField.PktSrcAwsService,
        ["pkt-dst-aws-service"] = FlowLogField.PktDstAwsService,
        ["flow-direction"] = FlowLogField.FlowDirection,
        ["traffic-path"] = FlowLogField.TrafficPath,
        ["ecs-cluster-arn"] = FlowLogField.Ignored,
        ["ecs-cluster-name"] = FlowLogField.Ignored,
        ["ecs-container-instance-arn"] = FlowLogField.Ignored,
        ["ecs-container-instance-id"] = FlowLogField.Ignored,
        ["ecs-container-id"] = FlowLogField.Ignored,
        ["ecs-second-container-id"] = FlowLogField.Ignored,
        ["ecs-service-name"] = FlowLogField.Ignored,
        ["ecs-task-definition-arn"] = FlowLogField.Ignored,
        ["ecs-task-arn"] = FlowLogField.Ignored,
        ["ecs-task-id"] = FlowLogField.Ignored,
        ["reject-reason"] = FlowLogField.Ignored,
        ["resource-id"] = FlowLogField.Ignored,
        ["encryption-status"] = FlowLogField.Ignored,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private FlowLogFormat(FlowLogField[] columns, string header)
    {
        Columns = columns;
        Header = header;
        IsDefaultLayout = Internal.FlowLineParser.IsDefaultLayout(columns);
    }

    /// <summary>The default (version 2) format: the 14 fields AWS writes when no format is given.</summary>
    public static FlowLogFormat Default { get; } = Parse(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status");

    /// <summary>The field of each column, in order.</summary>
    public IReadOnlyList<FlowLogField> Columns { get; }

    /// <summary>The header line as read.</summary>
    public string Header { get; }

    /// <summary>True when <paramref name="field"/> is one of the columns.</summary>
    public bool Has(FlowLogField field) => Columns.Contains(field);

    /// <summary>True when the line looks like a header: every token is a lower-case field-like name.</summary>
    public static bool LooksLikeHeader(ReadOnlySpan<byte> line)
    {
        var any = false;
        foreach (var b in line)
        {
            if (b is (byte)' ' or (byte)'\r' or (byte)'\t')
            {
                continue;
            }

            if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || (b >= 'A' && b <= 'Z')))
            {
                return false;
            }

            if (b is >= (byte)'a' and <= (byte)'z')
            {
                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// Reads a header line. Unknown field-like names become ignored columns (AWS adds fields over time); the header is
    /// refused when it names none of the known fields or lacks srcaddr, dstaddr or start.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out FlowLogFormat? format, out string? error)
    {
        format = null;
        error = null;
        var text = Encoding.ASCII.GetString(line).Trim();
        var names = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var columns = new FlowLogField[names.Length];
        var known = 0;
        for (var i = 0; i < names.Length; i++)
        {
            // Some exports prefix fields with '$' or wrap them as ${field}, as in the format string.
            var name = names[i].Trim('$', '{', '}').ToLowerInvariant();
            if (Known.TryGetValue(name, out var field))
            {
                columns[i] = field;
                known++;
            }
            else
            {
                columns[i] = FlowLogField.Ignored;
            }
        }

        if (known == 0)
        {
            error = $"header names no flow-log field: '{Truncate(text)}'";
            return false;
        }

        foreach (var required in (ReadOnlySpan<FlowLogField>)[FlowLogField.SrcAddr, FlowLogField.DstAddr, FlowLogField.Start])
        {
            if (Array.IndexOf(columns, required) < 0)
            {
                error = $"header lacks {Name(required)}: '{Truncate(text)}'";
                return false;
            }
        }

        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i] != FlowLogField.Ignored && Array.IndexOf(columns, columns[i], i + 1) > 0)
            {
                error = $"header names {Name(columns[i])} twice";
                return false;
            }
        }

        format = new FlowLogFormat(columns, text);
        return true;
    }

    /// <summary>Parses a header or throws <see cref="FormatException"/>.</summary>
    public static FlowLogFormat Parse(string header) =>
        TryParse(Encoding.ASCII.GetBytes(header), out var f, out var error) ? f! : throw new FormatException(error);

    /// <summary>The header name of a field.</summary>
    public static string Name(FlowLogField field) =>
        Known.FirstOrDefault(kv => kv.Value == field && field != FlowLogField.Ignored).Key ?? field.ToString();

    internal FlowLogField[] ColumnArray => (FlowLogField[])Columns;

    /// <summary>True for the default version 2 layout, which has a parser of its own.</summary>
    internal bool IsDefaultLayout { get; }

    private static string Truncate(string s) => Escaping.ErrorPreview.Of(s, 80);
}
