using System.Text;
using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>The <c>service</c> part of a GuardDuty finding: counts, times, sample flag and the observed action.</summary>
internal sealed partial class GuardDutyRecordReader
{
    private static void ReadService(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "action":
                    ReadAction(ref reader, b);
                    break;
                case "archived":
                    b.Archived = JsonValues.Bool(ref reader);
                    break;
                case "count":
                    var count = JsonValues.StrictLong(ref reader, "service.count");
                    if (count < 0)
                    {
                        throw new RecordFormatException($"service.count: {count} is negative");
                    }

                    b.Count = count;
                    break;
                case "eventFirstSeen":
                    b.FirstSeen = JsonValues.StrictDate(ref reader, "service.eventFirstSeen");
                    break;
                case "eventLastSeen":
                    b.LastSeen = JsonValues.StrictDate(ref reader, "service.eventLastSeen");
                    break;
                case "additionalInfo":
                    ReadAdditionalInfo(ref reader, b);
                    break;
                case "detection":
                    ReadDetection(ref reader, b);
                    break;
                default:
                    // evidence, runtimeDetails (process and context), ebsVolumeScanDetails, malwareScanDetails and
                    // the rest stay in the raw document.
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadAdditionalInfo(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "sample":
                    b.IsSample |= JsonValues.Bool(ref reader);
                    break;
                case "domain":
                    b.ConnectionDomain ??= JsonValues.String(ref reader);
                    break;
                case "value" when reader.TokenType == JsonTokenType.String:
                    // The API returns additionalInfo as {"value": "<JSON text>", "type": "default"}.
                    ReadEncodedAdditionalInfo(reader.GetString(), b);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadEncodedAdditionalInfo(string? json, FindingBuilder b)
    {
        if (string.IsNullOrEmpty(json) || json[0] != '{')
        {
            return;
        }

        try
        {
            var inner = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            inner.Read();
            ReadAdditionalInfo(ref inner, b);
        }
        catch (JsonException)
        {
            // Free text in additionalInfo.value is allowed; it just carries no flags.
        }
    }

    private static void ReadAction(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "actionType":
                    b.Action = AwsNames.ActionKindOf(JsonValues.String(ref reader));
                    break;
                case "awsApiCallAction":
                    b.InferredAction = ActionKind.AwsApiCall;
                    ReadApiCall(ref reader, b);
                    break;
                case "dnsRequestAction":
                    b.InferredAction = ActionKind.DnsRequest;
                    ReadDnsRequest(ref reader, b);
                    break;
                case "networkConnectionAction":
                    b.InferredAction = ActionKind.NetworkConnection;
                    ReadNetworkConnection(ref reader, b);
                    break;
                case "portProbeAction":
                    b.InferredAction = ActionKind.PortProbe;
                    ReadPortProbe(ref reader, b);
                    break;
                case "kubernetesApiCallAction":
                    b.InferredAction = ActionKind.KubernetesApiCall;
                    ReadKubernetesApiCall(ref reader, b);
                    break;
                case "rdsLoginAttemptAction":
                    b.InferredAction = ActionKind.RdsLoginAttempt;
                    ReadRdsLoginAttempt(ref reader, b);
                    break;
                case "kubernetesPermissionCheckedDetails":
                    b.InferredAction = ActionKind.KubernetesPermissionChecked;
                    reader.Skip();
                    break;
                case "kubernetesRoleBindingDetails":
                    b.InferredAction = ActionKind.KubernetesRoleBinding;
                    reader.Skip();
                    break;
                case "kubernetesRoleDetails":
                    b.InferredAction = ActionKind.KubernetesRole;
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadApiCall(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? api = null, service = null, caller = null, error = null, agent = null;
        RemoteIpDetails remote = default;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "api":
                    api = JsonValues.String(ref reader);
                    break;
                case "serviceName":
                    service = JsonValues.String(ref reader);
                    break;
                case "callerType":
                    caller = JsonValues.String(ref reader);
                    break;
                case "errorCode":
                    error = JsonValues.String(ref reader);
                    break;
                case "userAgent":
                    agent = JsonValues.String(ref reader);
                    break;
                case "remoteIpDetails":
                    remote = ReadRemoteIpDetails(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (api is not null)
        {
            b.AddApiCall(new ApiCall(api, service, caller, error, agent));
        }
        else
        {
            b.AddUserAgent(agent);
        }

        // The caller reached the account's APIs from outside: inbound from the account's point of view.
        remote.AddTo(b, NetworkDirection.Inbound, ActionKind.AwsApiCall);
    }

    private static void ReadDnsRequest(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "domain")
            {
                b.AddDomain(JsonValues.String(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadNetworkConnection(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        var direction = NetworkDirection.Unknown;
        int? localPort = null, remotePort = null;
        string? protocol = null;
        RemoteIpDetails remote = default;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "connectionDirection":
                    direction = AwsNames.DirectionOf(JsonValues.String(ref reader));
                    break;
                case "localPortDetails":
                    localPort = ReadPort(ref reader);
                    break;
                case "remotePortDetails":
                    remotePort = ReadPort(ref reader);
                    break;
                case "protocol":
                    protocol = JsonValues.String(ref reader);
                    break;
                case "remoteIpDetails":
                    remote = ReadRemoteIpDetails(ref reader);
                    break;
                case "domain":
                    b.ConnectionDomain ??= JsonValues.String(ref reader);
                    break;
                case "domainDetails":
                    b.ConnectionDomain ??= ReadDomainDetails(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        remote.AddTo(b, direction, ActionKind.NetworkConnection, remotePort, localPort, protocol);
    }

    private static void ReadPortProbe(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is not "portProbeDetails" || !IsArray(ref reader))
            {
                if (name is not "portProbeDetails")
                {
                    reader.Skip();
                }

                continue;
            }

            // Every probing address, one entry per (address, probed port).
            while (NextObject(ref reader))
            {
                int? localPort = null;
                RemoteIpDetails remote = default;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var detail = buffer[..JsonKey.Read(ref reader, buffer)];
                    reader.Read();
                    switch (detail)
                    {
                        case "localPortDetails":
                            localPort = ReadPort(ref reader);
                            break;
                        case "remoteIpDetails":
                            remote = ReadRemoteIpDetails(ref reader);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                remote.AddTo(b, NetworkDirection.Inbound, ActionKind.PortProbe, null, localPort);
            }
        }
    }

    private static void ReadKubernetesApiCall(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? uri = null, verb = null, agent = null;
        int? status = null;
        List<string>? sourceIps = null;
        RemoteIpDetails remote = default;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "requestUri":
                    uri = JsonValues.String(ref reader);
                    break;
                case "verb":
                    verb = JsonValues.String(ref reader);
                    break;
                case "userAgent":
                    agent = JsonValues.String(ref reader);
                    break;
                case "statusCode":
                    status = JsonValues.Int(ref reader);
                    break;
                case "sourceIPs" or "sourceIps":
                    sourceIps = ReadStrings(ref reader);
                    break;
                case "remoteIpDetails":
                    remote = ReadRemoteIpDetails(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var api = string.Join(' ', new[] { verb, uri }.Where(s => !string.IsNullOrEmpty(s)));
        if (api.Length > 0)
        {
            b.AddApiCall(new ApiCall(api, "kubernetes", null, status is >= 400 ? status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, agent));
        }
        else
        {
            b.AddUserAgent(agent);
        }

        remote.AddTo(b, NetworkDirection.Inbound, ActionKind.KubernetesApiCall);
        foreach (var ip in sourceIps ?? [])
        {
            b.AddRemoteAddressIfNew(ip, NetworkDirection.Inbound, ActionKind.KubernetesApiCall);
        }
    }

    private static void ReadRdsLoginAttempt(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        RemoteIpDetails remote = default;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "remoteIpDetails")
            {
                remote = ReadRemoteIpDetails(ref reader);
            }
            else
            {
                // LoginAttributes (user names the remote side tried) stay in the raw document.
                reader.Skip();
            }
        }

        remote.AddTo(b, NetworkDirection.Inbound, ActionKind.RdsLoginAttempt);
    }

    private static int? ReadPort(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return null;
        }

        int? port = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "port")
            {
                port = JsonValues.Int(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return port is >= 0 and <= 65535 ? port : null;
    }

    private static string? ReadDomainDetails(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return null;
        }

        string? domain = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "domain")
            {
                domain = JsonValues.String(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return domain;
    }

    private static RemoteIpDetails ReadRemoteIpDetails(ref Utf8JsonReader reader)
    {
        if (!IsObject(ref reader))
        {
            return default;
        }

        string? v4 = null, v6 = null, asnOrg = null, org = null, isp = null, countryName = null, countryCode = null, city = null;
        long? asn = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "ipAddressV4":
                    v4 = JsonValues.String(ref reader);
                    break;
                case "ipAddressV6":
                    v6 = JsonValues.String(ref reader);
                    break;
                case "organization":
                    if (IsObject(ref reader))
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var field = buffer[..JsonKey.Read(ref reader, buffer)];
                            reader.Read();
                            switch (field)
                            {
                                case "asn":
                                    asn = JsonValues.Long(ref reader);
                                    break;
                                case "asnOrg":
                                    asnOrg = JsonValues.String(ref reader);
                                    break;
                                case "org":
                                    org = JsonValues.String(ref reader);
                                    break;
                                case "isp":
                                    isp = JsonValues.String(ref reader);
                                    break;
                                default:
                                    reader.Skip();
                                    break;
                            }
                        }
                    }

                    break;
                case "country":
                    if (IsObject(ref reader))
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var field = buffer[..JsonKey.Read(ref reader, buffer)];
                            reader.Read();
                            switch (field)
                            {
                                case "countryName":
                                    countryName = JsonValues.String(ref reader);
                                    break;
                                case "countryCode":
                                    countryCode = JsonValues.String(ref reader);
                                    break;
                                default:
                                    reader.Skip();
                                    break;
                            }
                        }
                    }

                    break;
                case "city":
                    if (IsObject(ref reader))
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var field = buffer[..JsonKey.Read(ref reader, buffer)];
                            reader.Read();
                            if (field is "cityName")
                            {
                                city = JsonValues.String(ref reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new RemoteIpDetails(v4, v6, asn, asnOrg, org, isp, countryName ?? countryCode, city);
    }

    private static void ReadDetection(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "sequence")
            {
                ReadSequence(ref reader, b);
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
