using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

/// <summary>
/// A PascalCase finding as an AWS SDK writes it (member names of the GuardDuty API model, not a capitalised copy of a
/// camelCase file: <c>SourceIps</c>, <c>Latitude</c>), written by hand from the GuardDuty finding format, with every
/// expected field written out: the camelCase-against-PascalCase comparisons prove the shapes agree, this pins what on.
/// </summary>
public sealed class GuardDutySdkDumpTests
{
    private const string SdkDump = """
        {
          "AccountId": "123456789012",
          "Arn": "arn:aws:guardduty:eu-west-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/6ac8f1e2b3d4a5c6e7f8091a2b3c4d5e",
          "CreatedAt": "2026-11-20T08:15:02.310Z",
          "Description": "Kubernetes API commonly used in Discovery tactics was invoked from the known malicious IP address 185.220.101.33.",
          "Id": "6ac8f1e2b3d4a5c6e7f8091a2b3c4d5e",
          "Partition": "aws",
          "Region": "eu-west-1",
          "Resource": {
            "ResourceType": "EKSCluster",
            "EksClusterDetails": {
              "Name": "payments-eks",
              "Arn": "arn:aws:eks:eu-west-1:123456789012:cluster/payments-eks",
              "VpcId": "vpc-0f1e2d3c4b5a69788",
              "Status": "ACTIVE",
              "CreatedAt": "2026-01-12T10:00:00Z"
            }
          },
          "SchemaVersion": "2.0",
          "Service": {
            "Action": {
              "ActionType": "KUBERNETES_API_CALL",
              "KubernetesApiCallAction": {
                "RequestUri": "/api/v1/namespaces/kube-system/secrets",
                "Verb": "list",
                "SourceIps": ["185.220.101.33"],
                "UserAgent": "kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc",
                "RemoteIpDetails": {
                  "City": { "CityName": "Frankfurt am Main" },
                  "Country": { "CountryName": "Germany" },
                  "GeoLocation": { "Latitude": 50.1155, "Longitude": 8.6842 },
                  "IpAddressV4": "185.220.101.33",
                  "Organization": { "Asn": "208294", "AsnOrg": "Tor exit", "Isp": "Tor exit", "Org": "Tor exit" }
                },
                "StatusCode": 403
              }
            },
            "Archived": false,
            "Count": 3,
            "DetectorId": "12abc34d567e8fa901bc2d34e56789f0",
            "EventFirstSeen": "2026-11-20T08:01:40Z",
            "EventLastSeen": "2026-11-20T08:09:55Z",
            "ServiceName": "guardduty"
          },
          "Severity": 5,
          "Title": "Kubernetes API invoked from a known malicious IP address.",
          "Type": "Discovery:Kubernetes/MaliciousIPCaller",
          "UpdatedAt": "2026-11-20T08:15:02.310Z"
        }
        """;

    [Fact]
    public void Parse_GivenAHandWrittenSdkDump_ReadsEachFieldAsWritten()
    {
        var f = TestFiles.Parse(new GuardDutyParser(), SdkDump, "get-findings.json").Single();

        Assert.Equal("6ac8f1e2b3d4a5c6e7f8091a2b3c4d5e", f.Id);
        Assert.Equal(FindingSource.GuardDuty, f.Source);
        Assert.Equal(new FindingType("Discovery:Kubernetes/MaliciousIPCaller", "Discovery", "Kubernetes", "MaliciousIPCaller", null, null), f.Type);
        Assert.Equal(5, f.Severity);
        Assert.Equal(SeverityBand.Medium, f.Band);
        Assert.Equal(("123456789012", "eu-west-1", "aws"), (f.AccountId, f.Region, f.Partition));
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:15:02.310Z", System.Globalization.CultureInfo.InvariantCulture), f.CreatedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:01:40Z", System.Globalization.CultureInfo.InvariantCulture), f.FirstSeen);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:09:55Z", System.Globalization.CultureInfo.InvariantCulture), f.LastSeen);
        Assert.Equal(3, f.Count);
        Assert.False(f.Archived);
        Assert.Equal("EKSCluster", f.ResourceType);
        Assert.Contains(new ResourceRef("EksCluster", "payments-eks", "arn:aws:eks:eu-west-1:123456789012:cluster/payments-eks", "payments-eks"), f.Resources);
        Assert.Equal(ActionKind.KubernetesApiCall, f.Action);
        var call = Assert.Single(f.ApiCalls);
        Assert.Equal(("list /api/v1/namespaces/kube-system/secrets", "kubernetes", "403"), (call.Api, call.ServiceName, call.ErrorCode));
        var caller = Assert.Single(f.RemoteIps);
        Assert.Equal(("185.220.101.33", ActionKind.KubernetesApiCall, 208294L, "Germany"), (caller.Address, caller.Action, caller.Asn, caller.Country));
        Assert.Equal(["kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc"], f.UserAgents);
    }
}
