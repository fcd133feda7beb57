using System.Globalization;
using System.Text;

namespace CloudSniper.Bench.Ingest;

/// <summary>
/// Writes realistic GuardDuty findings (camelCase, as in S3 exports) as JSON lines: SSH brute force, port probes
/// with several sources, C2 callbacks, DNS C2 and malicious API callers, each about 3–4 KB, with attacker
/// addresses drawn from a bounded pool so that indicators repeat as they do in real accounts.
/// </summary>
public static class GuardDutyFindingGenerator
{
    /// <summary>Writes <paramref name="count"/> findings to <paramref name="path"/> and returns the file size.</summary>
    public static long Write(string path, int count, int attackerPool = 5000, int seed = 42)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var sb = new StringBuilder(4096);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            var kind = i % 5;
            var ip = Attacker(random.Next(attackerPool));
            var at = start.AddSeconds(i * 7);
            var instance = $"i-{random.Next(0, 400):x8}{i % 7:x2}0000000";
            var type = kind switch
            {
                0 => "UnauthorizedAccess:EC2/SSHBruteForce",
                1 => "Recon:EC2/PortProbeUnprotectedPort",
                2 => "Backdoor:EC2/C&CActivity.B",
                3 => "Trojan:EC2/DNSDataExfiltration",
                _ => "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
            };
            sb.Append("{\"schemaVersion\":\"2.0\",\"accountId\":\"123456789012\",\"region\":\"eu-west-1\",\"partition\":\"aws\",")
              .Append("\"id\":\"").Append(i.ToString("x32", CultureInfo.InvariantCulture)).Append("\",")
              .Append("\"arn\":\"arn:aws:guardduty:eu-west-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/").Append(i.ToString("x32", CultureInfo.InvariantCulture)).Append("\",")
              .Append("\"type\":\"").Append(type).Append("\",");
            if (kind == 4)
            {
                sb.Append("\"resource\":{\"resourceType\":\"AccessKey\",\"accessKeyDetails\":{\"accessKeyId\":\"AKIAEXAMPLE").Append(i % 1000).Append("\",\"principalId\":\"AIDAEXAMPLE").Append(i % 1000).Append("\",\"userName\":\"deploy-").Append(i % 50).Append("\",\"userType\":\"IAMUser\"}},");
            }
            else
            {
                sb.Append("\"resource\":{\"resourceType\":\"Instance\",\"instanceDetails\":{\"instanceId\":\"").Append(instance).Append("\",\"instanceType\":\"t3.large\",\"launchTime\":\"2026-10-01T10:00:00.000Z\",")
                  .Append("\"imageId\":\"ami-0").Append(random.Next(0, 40).ToString("x8", CultureInfo.InvariantCulture)).Append("abcdef\",\"imageDescription\":\"Amazon Linux 2023\",\"availabilityZone\":\"eu-west-1a\",\"instanceState\":\"running\",")
                  .Append("\"iamInstanceProfile\":{\"arn\":\"arn:aws:iam::123456789012:instance-profile/web\",\"id\":\"AIPAEXAMPLE\"},")
                  .Append("\"networkInterfaces\":[{\"networkInterfaceId\":\"eni-0").Append(instance[2..]).Append("\",\"privateDnsName\":\"ip-10-0-1-20.eu-west-1.compute.internal\",\"privateIpAddress\":\"10.0.1.20\",")
                  .Append("\"privateIpAddresses\":[{\"privateDnsName\":\"ip-10-0-1-20.eu-west-1.compute.internal\",\"privateIpAddress\":\"10.0.1.20\"}],\"publicDnsName\":\"ec2-54-1-2-3.eu-west-1.compute.amazonaws.com\",\"publicIp\":\"54.1.2.3\",")
                  .Append("\"securityGroups\":[{\"groupId\":\"sg-0123456789abcdef0\",\"groupName\":\"web\"}],\"subnetId\":\"subnet-0123456789abcdef0\",\"vpcId\":\"vpc-0123456789abcdef0\",\"ipv6Addresses\":[]}],")
                  .Append("\"tags\":[{\"key\":\"Name\",\"value\":\"web-").Append(i % 400).Append("\"},{\"key\":\"env\",\"value\":\"prod\"}],\"productCodes\":[]}},");
            }

            sb.Append("\"service\":{\"serviceName\":\"guardduty\",\"detectorId\":\"12abc34d567e8fa901bc2d34e56789f0\",\"archived\":false,\"resourceRole\":\"").Append(kind is 2 or 3 ? "ACTOR" : "TARGET").Append("\",")
              .Append("\"count\":").Append(1 + (i % 13)).Append(",\"eventFirstSeen\":\"").Append(Iso(at.AddMinutes(-30))).Append("\",\"eventLastSeen\":\"").Append(Iso(at)).Append("\",")
              .Append("\"additionalInfo\":{\"value\":\"{}\",\"type\":\"default\"},\"action\":");
            switch (kind)
            {
                case 0:
                    sb.Append("{\"actionType\":\"NETWORK_CONNECTION\",\"networkConnectionAction\":{\"connectionDirection\":\"INBOUND\",\"blocked\":false,\"protocol\":\"TCP\",")
                      .Append("\"localPortDetails\":{\"port\":22,\"portName\":\"SSH\"},\"remotePortDetails\":{\"port\":").Append(30000 + (i % 30000)).Append(",\"portName\":\"Unknown\"},");
                    RemoteIp(sb, ip);
                    sb.Append("}}");
                    break;
                case 1:
                    sb.Append("{\"actionType\":\"PORT_PROBE\",\"portProbeAction\":{\"blocked\":false,\"portProbeDetails\":[");
                    for (var p = 0; p < 3; p++)
                    {
                        if (p > 0)
                        {
                            sb.Append(',');
                        }

                        sb.Append("{\"localPortDetails\":{\"port\":").Append(p == 0 ? 22 : p == 1 ? 3389 : 5432).Append(",\"portName\":\"X\"},");
                        RemoteIp(sb, Attacker(random.Next(attackerPool)));
                        sb.Append('}');
                    }

                    sb.Append("]}}");
                    break;
                case 2:
                    sb.Append("{\"actionType\":\"NETWORK_CONNECTION\",\"networkConnectionAction\":{\"connectionDirection\":\"OUTBOUND\",\"blocked\":false,\"protocol\":\"TCP\",")
                      .Append("\"localPortDetails\":{\"port\":").Append(40000 + (i % 20000)).Append(",\"portName\":\"Unknown\"},\"remotePortDetails\":{\"port\":443,\"portName\":\"HTTPS\"},");
                    RemoteIp(sb, ip);
                    sb.Append("}}");
                    break;
                case 3:
                    sb.Append("{\"actionType\":\"DNS_REQUEST\",\"dnsRequestAction\":{\"domain\":\"x").Append(random.Next(attackerPool)).Append(".exfil-tunnel.example\",\"protocol\":\"UDP\",\"blocked\":false}}");
                    break;
                default:
                    sb.Append("{\"actionType\":\"AWS_API_CALL\",\"awsApiCallAction\":{\"api\":\"ListBuckets\",\"serviceName\":\"s3.amazonaws.com\",\"callerType\":\"Remote IP\",\"userAgent\":\"aws-cli/2.15.0 Python/3.11\",");
                    RemoteIp(sb, ip);
                    sb.Append("}}");
                    break;
            }

            sb.Append(",\"evidence\":{\"threatIntelligenceDetails\":[{\"threatListName\":\"ProofPoint\",\"threatNames\":[]}]}},")
              .Append("\"severity\":").Append(kind switch { 0 => "2", 1 => "2", 2 => "8", 3 => "8", _ => "5" }).Append(',')
              .Append("\"createdAt\":\"").Append(Iso(at.AddMinutes(-30))).Append("\",\"updatedAt\":\"").Append(Iso(at)).Append("\",")
              .Append("\"title\":\"").Append(type).Append(" observed on ").Append(kind == 4 ? "an access key" : instance).Append(".\",")
              .Append("\"description\":\"").Append(ip).Append(" was involved in activity of type ").Append(type).Append(" against resources in account 123456789012. This is a synthetic benchmark finding.\"}");
            writer.Write(sb);
            writer.Write('\n');
        }

        writer.Flush();
        return writer.BaseStream.Length;
    }

    private static void RemoteIp(StringBuilder sb, string ip) =>
        sb.Append("\"remoteIpDetails\":{\"ipAddressV4\":\"").Append(ip)
          .Append("\",\"organization\":{\"asn\":\"63949\",\"asnOrg\":\"Akamai Connected Cloud\",\"isp\":\"Linode\",\"org\":\"Linode\"},")
          .Append("\"country\":{\"countryName\":\"Netherlands\"},\"city\":{\"cityName\":\"Amsterdam\"},\"geoLocation\":{\"lat\":52.37,\"lon\":4.89}}");

    // 45.33.0.0/16 and 185.220.0.0/16 are ordinary hosting ranges: public, never documentation or private space.
    private static string Attacker(int n) => n % 2 == 0
        ? $"45.33.{(n / 2) / 250 % 250}.{1 + ((n / 2) % 250)}"
        : $"185.220.{(n / 2) / 250 % 250}.{1 + ((n / 2) % 250)}";

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
