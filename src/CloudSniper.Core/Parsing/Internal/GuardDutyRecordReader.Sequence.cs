using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// An attack sequence (<c>service.detection.sequence</c>): actors become access keys, resources become
/// resource references, network endpoints become remote addresses and domains, indicators fill the rest.
/// </summary>
internal sealed partial class GuardDutyRecordReader
{
    private static void ReadSequence(ref Utf8JsonReader reader, FindingBuilder b)
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
                case "actors":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadActor(ref reader, b);
                        }
                    }

                    break;
                case "resources":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadSequenceResource(ref reader, b);
                        }
                    }

                    break;
                case "endpoints":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadEndpoint(ref reader, b);
                        }
                    }

                    break;
                case "signals":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadSignal(ref reader, b);
                        }
                    }

                    break;
                case "sequenceIndicators":
                    ReadIndicators(ref reader, b);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadActor(ref Utf8JsonReader reader, FindingBuilder b)
    {
        string? user = null, uid = null, type = null, credential = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is not "user" || !IsObject(ref reader))
            {
                if (name is not "user")
                {
                    reader.Skip();
                }

                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = buffer[..JsonKey.Read(ref reader, buffer)];
                reader.Read();
                switch (field)
                {
                    case "name":
                        user = JsonValues.String(ref reader);
                        break;
                    case "uid":
                        uid = JsonValues.String(ref reader);
                        break;
                    case "type":
                        type = JsonValues.String(ref reader);
                        break;
                    case "credentialUid":
                        credential = JsonValues.String(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        if (credential is not null || uid is not null)
        {
            b.AddAccessKey(new AccessKeyInfo(credential, uid, user, type));
        }
    }

    private static void ReadSequenceResource(ref Utf8JsonReader reader, FindingBuilder b)
    {
        string? uid = null, resourceName = null, type = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "uid":
                    uid = JsonValues.String(ref reader);
                    break;
                case "name":
                    resourceName = JsonValues.String(ref reader);
                    break;
                case "resourceType":
                    type = JsonValues.String(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var arn = uid is not null && uid.StartsWith("arn:", StringComparison.Ordinal) ? uid : null;
        b.AddResource(AwsNames.KindOfSequenceResource(type), arn is null ? uid : AwsNames.LastSegment(arn), arn, resourceName);
    }

    private static void ReadEndpoint(ref Utf8JsonReader reader, FindingBuilder b)
    {
        string? ip = null, domain = null, city = null, country = null, asName = null;
        int? port = null;
        long? asn = null;
        var direction = NetworkDirection.Unknown;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "ip":
                    ip = JsonValues.String(ref reader);
                    break;
                case "domain":
                    domain = JsonValues.String(ref reader);
                    break;
                case "port":
                    port = JsonValues.Int(ref reader);
                    break;
                case "location":
                    (city, country, _) = IsObject(ref reader) ? ReadIdentity(ref reader, "city", "country", "") : default;
                    break;
                case "autonomousSystem":
                    if (IsObject(ref reader))
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var field = buffer[..JsonKey.Read(ref reader, buffer)];
                            reader.Read();
                            switch (field)
                            {
                                case "name":
                                    asName = JsonValues.String(ref reader);
                                    break;
                                case "number":
                                    asn = JsonValues.Long(ref reader);
                                    break;
                                default:
                                    reader.Skip();
                                    break;
                            }
                        }
                    }

                    break;
                case "connection":
                    var (text, _, _) = IsObject(ref reader) ? ReadIdentity(ref reader, "direction", "", "") : default;
                    direction = AwsNames.DirectionOf(text);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!string.IsNullOrWhiteSpace(ip))
        {
            b.AddRemoteIp(new RemoteIp(ip.Trim(), direction, ActionKind.Unknown, port, null, null, asn, asName, null, null, country, city));
        }

        b.AddDomain(domain);
    }

    private static void ReadSignal(ref Utf8JsonReader reader, FindingBuilder b)
    {
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "signalIndicators")
            {
                ReadIndicators(ref reader, b);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadIndicators(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsArray(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (NextObject(ref reader))
        {
            string? key = null;
            List<string>? values = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = buffer[..JsonKey.Read(ref reader, buffer)];
                reader.Read();
                switch (name)
                {
                    case "key":
                        key = JsonValues.String(ref reader);
                        break;
                    case "values":
                        values = ReadStrings(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            foreach (var value in values ?? [])
            {
                switch (key)
                {
                    case "MALICIOUS_IP" or "TOR_IP":
                        b.AddRemoteAddressIfNew(value, NetworkDirection.Unknown, ActionKind.Unknown);
                        break;
                    case "MALICIOUS_DOMAIN":
                        b.AddDomain(value);
                        break;
                    case "SUSPICIOUS_USER_AGENT":
                        b.AddUserAgent(value);
                        break;
                    case "HIGH_RISK_API":
                        b.AddApiCall(new ApiCall(value, null, null, null, null));
                        break;
                }
            }
        }
    }
}
