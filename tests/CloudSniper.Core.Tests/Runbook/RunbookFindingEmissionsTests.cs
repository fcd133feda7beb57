using System.IO.Compression;
using System.Text;
using CloudSniper.Core.Runbook;

namespace CloudSniper.Core.Tests.Runbook;

/// <summary>GuardDuty sample findings and re-emitted (updated) GuardDuty and Inspector findings, read from hand-written files in every shape.</summary>
public sealed class RunbookFindingEmissionsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("runbook-emissions-");

    public void Dispose() => _dir.Delete(recursive: true);

    // An API-call finding (a real one and a sample) as on the wire; {0} id, {1} additionalInfo, {2} updatedAt, {3} count.
    private const string CamelApiCall = """
        {{"schemaVersion":"2.0","accountId":"111122223333","region":"eu-west-1","partition":"aws","id":"{0}","arn":"arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/{0}",
          "type":"Recon:IAMUser/MaliciousIPCaller","severity":5,"title":"API call from a known malicious IP {0}","createdAt":"2026-11-20T08:00:00.000Z","updatedAt":"{2}",
          "resource":{{"resourceType":"AccessKey","accessKeyDetails":{{"accessKeyId":"AKIAIOSFODNN7EXAMPLE","principalId":"AIDAEXAMPLE","userName":"alice","userType":"IAMUser"}}}},
          "service":{{"serviceName":"guardduty","detectorId":"d1","archived":false,"count":{3},"additionalInfo":{1},
            "action":{{"actionType":"AWS_API_CALL","awsApiCallAction":{{"api":"ListBuckets","callerType":"Remote IP","serviceName":"s3.amazonaws.com","remoteIpDetails":{{"ipAddressV4":"198.51.100.7"}}}}}}}}}}
        """;

    // A DNS finding on an instance with an AMI, so that it reaches the AMI pivot and the correlation.
    private const string CamelNetwork = """
        {{"schemaVersion":"2.0","accountId":"111122223333","region":"eu-west-1","partition":"aws","id":"{0}","arn":"arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/{0}",
          "type":"Backdoor:EC2/C&CActivity.B!DNS","severity":8,"title":"C&C domain queried {0}","createdAt":"2026-11-20T08:00:00.000Z","updatedAt":"2026-11-20T09:00:00.000Z",
          "resource":{{"resourceType":"Instance","instanceDetails":{{"instanceId":"i-0aaa","imageId":"ami-0sample","instanceType":"t3.micro","instanceState":"running","networkInterfaces":[]}}}},
          "service":{{"serviceName":"guardduty","detectorId":"d1","archived":false,"count":1,"additionalInfo":{1},
            "action":{{"actionType":"DNS_REQUEST","dnsRequestAction":{{"domain":"c2.example.net","protocol":"UDP","blocked":false}}}}}}}}
        """;

    private static string Api(string id, string additionalInfo = "{}", string updatedAt = "2026-11-20T09:00:00.000Z", int count = 1) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, CamelApiCall, id, additionalInfo, updatedAt, count).ReplaceLineEndings(" ");

    private static string Network(string id, string additionalInfo = "{}") =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, CamelNetwork, id, additionalInfo).ReplaceLineEndings(" ");

    private static string EventBridge(string finding) =>
        $$"""{"version":"0","id":"e-{{Guid.NewGuid():N}}","detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","time":"2026-11-20T09:00:00Z","region":"eu-west-1","resources":[],"detail":{{finding}}}""";

    private const string PascalSdkDump = """
        {"Findings":[
          {"SchemaVersion":"2.0","AccountId":"111122223333","Region":"eu-west-1","Partition":"aws","Id":"pascal-sample","Arn":"arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/pascal-sample",
           "Type":"Recon:IAMUser/MaliciousIPCaller","Severity":5,"Title":"PascalCase sample","CreatedAt":"2026-11-20T08:00:00.000Z","UpdatedAt":"2026-11-20T09:00:00.000Z",
           "Resource":{"ResourceType":"AccessKey","AccessKeyDetails":{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","PrincipalId":"AIDAEXAMPLE","UserName":"alice","UserType":"IAMUser"}},
           "Service":{"ServiceName":"guardduty","DetectorId":"d1","Archived":false,"Count":1,"AdditionalInfo":{"Sample":true},
             "Action":{"ActionType":"AWS_API_CALL","AwsApiCallAction":{"Api":"ListBuckets","CallerType":"Remote IP","ServiceName":"s3.amazonaws.com","RemoteIpDetails":{"IpAddressV4":"198.51.100.7"}}}}},
          {"SchemaVersion":"2.0","AccountId":"111122223333","Region":"eu-west-1","Partition":"aws","Id":"pascal-real","Arn":"arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/pascal-real",
           "Type":"Recon:IAMUser/MaliciousIPCaller","Severity":5,"Title":"PascalCase real","CreatedAt":"2026-11-20T08:00:00.000Z","UpdatedAt":"2026-11-20T09:00:00.000Z",
           "Resource":{"ResourceType":"AccessKey","AccessKeyDetails":{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","PrincipalId":"AIDAEXAMPLE","UserName":"alice","UserType":"IAMUser"}},
           "Service":{"ServiceName":"guardduty","DetectorId":"d1","Archived":false,"Count":1,
             "Action":{"ActionType":"AWS_API_CALL","AwsApiCallAction":{"Api":"ListBuckets","CallerType":"Remote IP","ServiceName":"s3.amazonaws.com","RemoteIpDetails":{"IpAddressV4":"198.51.100.7"}}}}}
        ]}
        """;

    private static string Inspector(string arn, string status, string updatedAt, string severity = "HIGH") => """
        {"findingArn":"ARN","awsAccountId":"111122223333","type":"PACKAGE_VULNERABILITY","title":"CVE-2026-0001 - openssl","severity":"SEVERITY","status":"STATUS",
         "firstObservedAt":"2026-11-01T00:00:00Z","updatedAt":"UPDATED",
         "resources":[{"type":"AWS_EC2_INSTANCE","id":"i-0aaa","region":"eu-west-1","details":{"awsEc2Instance":{"imageId":"ami-0sample"}}}],
         "packageVulnerabilityDetails":{"vulnerabilityId":"CVE-2026-0001"}}
        """.ReplaceLineEndings(" ").Replace("ARN", arn, StringComparison.Ordinal).Replace("SEVERITY", severity, StringComparison.Ordinal)
        .Replace("STATUS", status, StringComparison.Ordinal).Replace("UPDATED", updatedAt, StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteGzip(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    private static Task<Core.Runbook.Model.RunbookReport> RunAsync(RunbookInputs inputs) =>
        new RunbookRunner(new FixedTime(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero))).RunAsync(inputs with { Parallelism = 1 }, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task GuardDuty_GivenSamplesInEveryShape_LeavesThemOutOfTheReviewAndCountsThem()
    {
        var eventBridge = Write("eventbridge.jsonl", string.Join('\n', EventBridge(Api("eb-sample", """{"sample":true}""")), EventBridge(Api("eb-real"))));
        var export = WriteGzip("export.jsonl.gz", string.Join('\n', Api("s3-sample", """{"sample":"true"}"""), Api("s3-real"), Network("s3-net-sample", """{"sample":true}""")));
        var pascal = Write("sdk.json", PascalSdkDump);
        var inspector = Write("inspector.jsonl", Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/f1", "ACTIVE", "2026-11-20T00:00:00Z"));

        var report = await RunAsync(new RunbookInputs { GuardDuty = [eventBridge, export, pascal], Inspector = [inspector] });

        Assert.Equal(["eb-real", "pascal-real", "s3-real"], report.GuardDuty.ApiCallFindings.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, report.GuardDuty.SamplesIgnored);
        Assert.Equal(3, report.GuardDuty.Findings);
        Assert.Empty(report.GuardDuty.ByAmi);
        Assert.Empty(report.Correlation);
        Assert.Equal(7, report.Inputs.Single(i => i.Kind == "guardduty").Records);
    }

    [Fact]
    public async Task GuardDuty_WithIncludeSamples_ReviewsAndCorrelatesThem()
    {
        var export = WriteGzip("export.jsonl.gz", string.Join('\n', Api("s3-sample", """{"sample":true}"""), Network("s3-net-sample", """{"sample":true}""")));
        var inspector = Write("inspector.jsonl", Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/f1", "ACTIVE", "2026-11-20T00:00:00Z"));

        var report = await RunAsync(new RunbookInputs { GuardDuty = [export], Inspector = [inspector], IncludeSamples = true });

        Assert.Equal(0, report.GuardDuty.SamplesIgnored);
        Assert.Equal(["s3-sample"], report.GuardDuty.ApiCallFindings.Select(f => f.Id));
        Assert.Equal(["ami-0sample"], report.GuardDuty.ByAmi.Select(a => a.ImageId));
        Assert.Equal(["ami-0sample"], report.Correlation.Select(c => c.ImageId));
    }

    [Fact]
    public async Task GuardDuty_GivenOneFindingEmittedThreeTimes_CountsItOnceWithTheLatestCount()
    {
        // Out of order on purpose: the latest updatedAt wins, not the last line read.
        var file = Write("updates.jsonl", string.Join('\n',
            Api("gd-1", updatedAt: "2026-11-20T09:00:00.000Z", count: 1),
            Api("gd-1", updatedAt: "2026-11-20T11:00:00.000Z", count: 7),
            Api("gd-1", updatedAt: "2026-11-20T10:00:00.000Z", count: 4)));

        var report = await RunAsync(new RunbookInputs { GuardDuty = [file] });

        var finding = Assert.Single(report.GuardDuty.ApiCallFindings);
        Assert.Equal(7, finding.Count);
        Assert.Equal(1, report.GuardDuty.Findings);
    }

    [Fact]
    public async Task Inspector_GivenAFindingLaterClosed_DoesNotCountItAsActive()
    {
        var file = Write("inspector.jsonl", string.Join('\n',
            Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/closed", "CLOSED", "2026-11-20T12:00:00Z"),
            Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/closed", "ACTIVE", "2026-11-19T12:00:00Z"),
            Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/open", "ACTIVE", "2026-11-19T12:00:00Z", "LOW"),
            Inspector("arn:aws:inspector2:eu-west-1:111122223333:finding/open", "ACTIVE", "2026-11-20T12:00:00Z", "CRITICAL")));

        var report = await RunAsync(new RunbookInputs { Inspector = [file] });

        Assert.Equal(1, report.Inspector.Findings);
        Assert.Equal(new Dictionary<string, int> { ["CRITICAL"] = 1 }, report.Inspector.BySeverity);
        Assert.Equal(4, report.Inputs.Single(i => i.Kind == "inspector").Records);
    }
}
