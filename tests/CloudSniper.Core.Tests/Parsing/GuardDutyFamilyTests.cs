using System.Text.Json.Nodes;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class GuardDutyFamilyTests
{
    private static Finding ParseFamily(string family) =>
        TestFiles.Parse(new GuardDutyParser(), TestFiles.GuardDuty(family), $"{family}.json").Single();

    private static string IdOf(string family) => JsonNode.Parse(TestFiles.GuardDuty(family))!["id"]!.GetValue<string>();

    [Fact]
    public void Parse_GivenInboundSshBruteForce_FillsEveryCommonField()
    {
        var f = ParseFamily("ec2-ssh-bruteforce-inbound");

        Assert.Equal(IdOf("ec2-ssh-bruteforce-inbound"), f.Id);
        Assert.Equal(FindingSource.GuardDuty, f.Source);
        Assert.Equal(new FindingType("UnauthorizedAccess:EC2/SSHBruteForce", "UnauthorizedAccess", "EC2", "SSHBruteForce", null, null), f.Type);
        Assert.Equal(2, f.Severity);
        Assert.Equal(SeverityBand.Low, f.Band);
        Assert.Equal("123456789012", f.AccountId);
        Assert.Equal("us-east-1", f.Region);
        Assert.Equal("aws", f.Partition);
        Assert.StartsWith("45.95.147.236 is performing SSH brute force", f.Title, StringComparison.Ordinal);
        Assert.Contains("guessing the SSH password", f.Description, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse("2024-06-03T09:12:44.512Z"), f.CreatedAt);
        Assert.Equal(DateTimeOffset.Parse("2024-06-03T11:40:02.117Z"), f.UpdatedAt);
        Assert.Equal(DateTimeOffset.Parse("2024-06-03T08:57:13Z"), f.FirstSeen);
        Assert.Equal(DateTimeOffset.Parse("2024-06-03T11:38:49Z"), f.LastSeen);
        Assert.Equal(214, f.Count);
        Assert.Equal("Instance", f.ResourceType);
        Assert.Equal(ActionKind.NetworkConnection, f.Action);
        Assert.Equal("Initial Access", f.MitreTactic);
        Assert.False(f.IsSample);
        Assert.False(f.Archived);
        Assert.Equal("ec2-ssh-bruteforce-inbound.json:1", f.Origin);
        Assert.Equal(IdOf("ec2-ssh-bruteforce-inbound"), JsonNode.Parse(f.Raw)!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_GivenInstanceWithTwoInterfaces_ReturnsEveryInterfaceWithSubnetVpcAddressesAndGroups()
    {
        var f = ParseFamily("ec2-ssh-bruteforce-inbound");

        var instance = Assert.Single(f.Instances);
        Assert.Equal("i-0f3a9c2e7b1d45a86", instance.InstanceId);
        Assert.Equal("ami-0c7217cdde317cfec", instance.ImageId);
        Assert.Equal("t3.medium", instance.InstanceType);
        Assert.Equal("us-east-1a", instance.AvailabilityZone);
        Assert.Equal("running", instance.InstanceState);
        Assert.Equal("web-01", instance.Tags["Name"]);
        Assert.Equal("storefront", instance.Tags["Team"]);
        Assert.Equal(2, instance.NetworkInterfaces.Length);
        var eth0 = instance.NetworkInterfaces[0];
        Assert.Equal("eni-0b5e8d1f2a3c4e5f6", eth0.NetworkInterfaceId);
        Assert.Equal("subnet-0d2c4a6e8f1b3d5a7", eth0.SubnetId);
        Assert.Equal("vpc-0a1b2c3d4e5f67890", eth0.VpcId);
        Assert.Equal("10.20.1.47", eth0.PrivateIpAddress);
        Assert.Equal("54.210.167.204", eth0.PublicIp);
        Assert.Equal(["2600:1f18:4a3:6e00:8f2c:1b9a:55d0:7e21"], eth0.Ipv6Addresses);
        Assert.Equal([new SecurityGroupRef("sg-0a4c1e7d92b3f5a61", "web-tier")], eth0.SecurityGroups);
        var eth1 = instance.NetworkInterfaces[1];
        Assert.Equal("subnet-0e4f6a8b0c2d4e6f8", eth1.SubnetId);
        Assert.Equal("10.20.8.12", eth1.PrivateIpAddress);
        Assert.Null(eth1.PublicIp);
        Assert.Equal([new SecurityGroupRef("sg-0c9e7a5b3d1f2e4a6", "admin-access")], eth1.SecurityGroups);
        Assert.Contains(new ResourceRef("Instance", "i-0f3a9c2e7b1d45a86"), f.Resources);
    }

    [Fact]
    public void Parse_GivenInboundConnection_ReturnsRemoteAddressWithPortsAndNetworkOwner()
    {
        var f = ParseFamily("ec2-ssh-bruteforce-inbound");

        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(
            new RemoteIp("45.95.147.236", NetworkDirection.Inbound, ActionKind.NetworkConnection, 43812, 22, "TCP", 49870, "Alsycon B.V.", "Alsycon B.V.", "Alsycon B.V.", "Netherlands", "Amsterdam"),
            remote);
    }

    [Fact]
    public void Parse_GivenPortProbeWithThreeSources_ReturnsEveryAddress()
    {
        var f = ParseFamily("ec2-port-probe");

        Assert.Equal(ActionKind.PortProbe, f.Action);
        Assert.Equal(["185.156.73.54", "91.92.242.18", "193.35.18.77"], f.RemoteIps.Select(r => r.Address).Distinct());
        Assert.All(f.RemoteIps, r => Assert.Equal(NetworkDirection.Inbound, r.Direction));
        Assert.Equal([22, 3389, 445, 22], f.RemoteIps.Select(r => r.LocalPort));
        Assert.Equal("Reconnaissance", f.MitreTactic);
        Assert.Equal(57, f.Count);
    }

    [Fact]
    public void Parse_GivenOutboundC2Connection_ReturnsOutboundRemoteAndTactic()
    {
        var f = ParseFamily("ec2-c2-outbound");

        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(("91.215.85.142", NetworkDirection.Outbound, 443, 50412), (remote.Address, remote.Direction, remote.RemotePort, remote.LocalPort));
        Assert.Equal("Command and Control", f.MitreTactic);
        Assert.Equal(SeverityBand.High, f.Band);
        Assert.Equal("i-0a7d3e9b5c1f24e68", Assert.Single(f.Instances).InstanceId);
    }

    [Fact]
    public void Parse_GivenDnsRequest_ReturnsQueriedDomain()
    {
        var f = ParseFamily("ec2-dns-c2");

        Assert.Equal(ActionKind.DnsRequest, f.Action);
        Assert.Equal(["telemetry.cdn-sync-update.top"], f.Domains);
        Assert.Empty(f.RemoteIps);
        Assert.Equal("DNS", f.Type.Artifact);
        Assert.Equal("B", f.Type.DetectionMechanism);
    }

    [Fact]
    public void Parse_GivenIamMaliciousIpCaller_ReturnsKeyApiCallCallerAndUserAgent()
    {
        var f = ParseFamily("iam-malicious-ip-caller");

        Assert.Equal("AccessKey", f.ResourceType);
        Assert.Equal(new AccessKeyInfo("AKIAIOSFODNN7EXAMPLE", "AIDACKCEVSQ6C2EXAMPLE", "ci-deployer", "IAMUser"), Assert.Single(f.AccessKeys));
        Assert.Contains(new ResourceRef("AccessKey", "AKIAIOSFODNN7EXAMPLE", null, "ci-deployer"), f.Resources);
        const string agent = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22";
        Assert.Equal(new ApiCall("DescribeInstances", "ec2.amazonaws.com", "Remote IP", null, agent), Assert.Single(f.ApiCalls));
        Assert.Equal([agent], f.UserAgents);
        var caller = Assert.Single(f.RemoteIps);
        Assert.Equal(("193.142.146.35", ActionKind.AwsApiCall, "United Kingdom"), (caller.Address, caller.Action, caller.Country));
        Assert.Equal(ActionKind.AwsApiCall, f.Action);
    }

    [Fact]
    public void Parse_GivenInstanceCredentialExfiltration_ReturnsAssumedRoleKeyAndExternalCaller()
    {
        var f = ParseFamily("iam-instance-credential-exfiltration");

        var key = Assert.Single(f.AccessKeys);
        Assert.Equal(("ASIAY34FZKBOKMUTVV7A", "AssumedRole", "web-server"), (key.AccessKeyId, key.UserType, key.UserName));
        Assert.Equal("ListBuckets", Assert.Single(f.ApiCalls).Api);
        Assert.Equal("5.188.206.14", Assert.Single(f.RemoteIps).Address);
        Assert.Equal(SeverityBand.High, f.Band);
    }

    [Fact]
    public void Parse_GivenCryptoMining_ReturnsMiningPoolConnection()
    {
        var f = ParseFamily("ec2-crypto-mining");

        Assert.Equal("CryptoCurrency", f.Type.ThreatPurpose);
        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(("103.131.158.20", NetworkDirection.Outbound, 3333), (remote.Address, remote.Direction, remote.RemotePort));
        Assert.Equal(1880, f.Count);
        Assert.Equal("Impact", f.MitreTactic);
    }

    [Fact]
    public void Parse_GivenEksKubernetesApiCall_ReturnsClusterCallAndCaller()
    {
        var f = ParseFamily("eks-malicious-ip-caller");

        Assert.Equal("EKSCluster", f.ResourceType);
        Assert.Contains(new ResourceRef("EksCluster", "prod-eks", "arn:aws:eks:us-east-1:123456789012:cluster/prod-eks", "prod-eks"), f.Resources);
        Assert.Equal(ActionKind.KubernetesApiCall, f.Action);
        var call = Assert.Single(f.ApiCalls);
        Assert.Equal(("list /api/v1/namespaces/payments/secrets", "kubernetes", "403"), (call.Api, call.ServiceName, call.ErrorCode));
        var caller = Assert.Single(f.RemoteIps);
        Assert.Equal(("45.134.26.98", ActionKind.KubernetesApiCall, 57523L), (caller.Address, caller.Action, caller.Asn));
        Assert.Equal(["kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819"], f.UserAgents);
    }

    [Fact]
    public void Parse_GivenRuntimeFindingInAPod_ReturnsClusterWorkloadContainerNodeAndRemote()
    {
        var f = ParseFamily("runtime-c2-eks-container");

        Assert.Equal("Runtime", f.Type.ResourceType);
        Assert.Contains(f.Resources, r => r.Kind == "EksCluster" && r.Id == "prod-eks");
        Assert.Contains(f.Resources, r => r.Kind == "KubernetesWorkload" && r.Id == "7c1e4f0a-92d3-4b6e-8a15-3f2d9c0b7e41" && r.Name == "pods payments/payments-api-7d9f8c6b5-x2x4k");
        Assert.Contains(f.Resources, r => r.Kind == "Container" && r.Id.StartsWith("4b7d2e9f", StringComparison.Ordinal));
        Assert.Equal("i-0c5b7d9e1f3a2b4c6", Assert.Single(f.Instances).InstanceId);
        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(("194.165.16.37", NetworkDirection.Outbound, 4444), (remote.Address, remote.Direction, remote.RemotePort));
        Assert.Contains("kworkerds", f.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivenEcsRuntimeDnsFinding_ReturnsClusterTaskContainerAndDomain()
    {
        var f = ParseFamily("runtime-crypto-dns-ecs");

        Assert.Equal("ECSCluster", f.ResourceType);
        Assert.Contains(new ResourceRef("EcsCluster", "analytics-fargate", "arn:aws:ecs:us-east-1:123456789012:cluster/analytics-fargate", "analytics-fargate"), f.Resources);
        Assert.Contains(f.Resources, r => r.Kind == "EcsTask" && r.Id == "9b1d3f5a7c9e4b2d8f0a1c3e5b7d9f1a" && r.Name == "report-renderer:17");
        Assert.Contains(f.Resources, r => r.Kind == "Container" && r.Name == "report-renderer (123456789012.dkr.ecr.us-east-1.amazonaws.com/report-renderer:3.2.0)");
        Assert.Equal(["pool.hashvault-mirror.top"], f.Domains);
        Assert.Equal(ActionKind.DnsRequest, f.Action);
    }

    [Fact]
    public void Parse_GivenS3Finding_ReturnsBucketKeyAndCaller()
    {
        var f = ParseFamily("s3-malicious-ip-caller");

        Assert.Equal("S3Bucket", f.ResourceType);
        Assert.Contains(new ResourceRef("S3Bucket", "acme-prod-invoices", "arn:aws:s3:::acme-prod-invoices", "acme-prod-invoices"), f.Resources);
        Assert.Contains(f.Resources, r => r.Kind == "AccessKey" && r.Id == "AKIA4MTWJKPEXAMPLE22");
        Assert.Equal("ListObjects", Assert.Single(f.ApiCalls).Api);
        Assert.Equal("185.100.87.41", Assert.Single(f.RemoteIps).Address);
    }

    [Fact]
    public void Parse_GivenRdsBruteForce_ReturnsDatabaseUserAndRemoteLogin()
    {
        var f = ParseFamily("rds-brute-force");

        Assert.Contains(new ResourceRef("RdsDbInstance", "orders-db", "arn:aws:rds:us-east-1:123456789012:db:orders-db", "orders-db"), f.Resources);
        Assert.Contains(f.Resources, r => r.Kind == "RdsDbUser" && r.Id == "postgres");
        Assert.Equal(ActionKind.RdsLoginAttempt, f.Action);
        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(("89.248.165.60", ActionKind.RdsLoginAttempt, NetworkDirection.Inbound), (remote.Address, remote.Action, remote.Direction));
        Assert.Equal("Credential Access", f.MitreTactic);
    }

    [Fact]
    public void Parse_GivenMalwareProtectionScan_ReturnsInstanceAndScannedVolume()
    {
        var f = ParseFamily("malware-protection-ec2");

        Assert.Equal("i-0a7d3e9b5c1f24e68", Assert.Single(f.Instances).InstanceId);
        Assert.Contains(new ResourceRef("EbsVolume", "vol-0c3e5a7b9d1f2e4a6", "arn:aws:ec2:us-east-1:123456789012:volume/vol-0c3e5a7b9d1f2e4a6", "/dev/xvda"), f.Resources);
        Assert.Equal(ActionKind.Unknown, f.Action);
        Assert.Empty(f.RemoteIps);
        Assert.Equal(1, f.Count);
    }

    [Fact]
    public void Parse_GivenAttackSequence_ReturnsActorsResourcesEndpointsAndIndicators()
    {
        var f = ParseFamily("attack-sequence-iam");

        Assert.Equal("AttackSequence", f.Type.ThreatPurpose);
        Assert.Equal(SeverityBand.Critical, f.Band);
        Assert.Equal(new AccessKeyInfo("AKIAIOSFODNN7EXAMPLE", "AIDACKCEVSQ6C2EXAMPLE", "ci-deployer", "IAMUser"), Assert.Single(f.AccessKeys));
        Assert.Contains(f.Resources, r => r.Kind == "S3Bucket" && r.Id == "acme-prod-invoices");
        Assert.Contains(f.Resources, r => r.Kind == "AccessKey" && r.Id == "AKIAIOSFODNN7EXAMPLE");
        Assert.Equal(["193.142.146.35", "141.98.11.23"], f.RemoteIps.Select(r => r.Address));
        var first = f.RemoteIps[0];
        Assert.Equal((NetworkDirection.Inbound, 208091L, "XHOST INTERNET SOLUTIONS LP", "United Kingdom", "London"), (first.Direction, first.Asn, first.AsnOrg, first.Country, first.City));
        Assert.Equal(["cloudtrail:StopLogging", "s3:ListObjects"], f.ApiCalls.Select(c => c.Api));
        Assert.Equal(["python-requests/2.31.0"], f.UserAgents);
        Assert.Equal(17, f.Count);
    }

    [Fact]
    public void Parse_GivenLambdaFinding_ReturnsFunctionAndRemote()
    {
        var f = ParseFamily("lambda-c2-outbound");

        Assert.Contains(new ResourceRef("LambdaFunction", "image-resizer", "arn:aws:lambda:us-east-1:123456789012:function:image-resizer", "image-resizer"), f.Resources);
        Assert.Equal("45.137.21.9", Assert.Single(f.RemoteIps).Address);
        Assert.Equal("Lambda", f.Type.ResourceType);
    }

    [Fact]
    public void Parse_GivenSampleFinding_MarksItAsSample()
    {
        var f = ParseFamily("sample-trojan-droppoint");

        Assert.True(f.IsSample);
        Assert.Equal("45.9.20.101", Assert.Single(f.RemoteIps).Address);
    }

    [Fact]
    public void Parse_GivenOutboundSshBruteForceFromOurInstance_ReturnsOutboundVictim()
    {
        var f = ParseFamily("ec2-ssh-bruteforce-outbound");

        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(("138.68.4.77", NetworkDirection.Outbound, 22), (remote.Address, remote.Direction, remote.RemotePort));
        Assert.Equal("i-06e2b8d4f0a1c3e57", Assert.Single(f.Instances).InstanceId);
    }

    [Fact]
    public void Parse_GivenUnknownTypeAndResource_KeepsTheFindingGenerically()
    {
        var f = ParseFamily("unknown-future-type");

        Assert.Equal("Impact:QuantumLedger/LedgerTampering.A", f.Type.Raw);
        Assert.Equal("QuantumLedger", f.Type.ResourceType);
        Assert.Equal("QuantumLedger", f.ResourceType);
        Assert.Equal(6.5, f.Severity);
        Assert.Equal(ActionKind.Unknown, f.Action);
        Assert.Equal(new ResourceRef("QuantumLedger", "ledger-prod", "arn:aws:qldb:us-east-1:123456789012:ledger/ledger-prod", "ledger-prod"), Assert.Single(f.Resources));
    }
}
