using System.Text;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Tests.Runbook;

public sealed class CloudTrailReviewTests
{
    private static CloudTrailSection Review(string jsonLines, CloudTrailReviewOptions? options = null)
    {
        var review = new CloudTrailReview(options);
        new CloudTrailReader(StandardFields.Create()).Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonLines)), "t.jsonl", review.Add, e => Assert.Fail(e.ToString()), TestContext.Current.CancellationToken);
        return review.Build();
    }

    private static string Ev(string name, string ua, string time = "2024-05-01T10:00:00Z", string identity = """{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/deploy/s1","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::123456789012:role/deploy"}}}""", string extra = "", string source = "ec2.amazonaws.com") =>
        $$"""{"eventSource":"{{source}}","eventName":"{{name}}","eventTime":"{{time}}","userAgent":"{{ua}}","sourceIPAddress":"198.51.100.1","userIdentity":{{identity}}{{extra}}}""";

    [Fact]
    public void Build_GivenConsoleWriteAndRead_ListsOnlyTheWriteAsAConsoleChange()
    {
        var section = Review(string.Join("\n",
            Ev("TerminateInstances", "console.ec2.amazonaws.com", extra: ",\"readOnly\":false"),
            Ev("DescribeInstances", "console.ec2.amazonaws.com", extra: ",\"readOnly\":true"),
            Ev("CreateBucket", "[S3Console/0.4, aws-internal/3]", source: "s3.amazonaws.com"),
            Ev("RunInstances", "aws-cli/2.15.0", extra: ",\"readOnly\":false"),
            Ev("PutRolePolicy", "Mozilla/5.0 (X11)", extra: ",\"readOnly\":false,\"sessionCredentialFromConsole\":\"true\"", source: "iam.amazonaws.com")));
        Assert.Equal(["TerminateInstances", "CreateBucket", "PutRolePolicy"], section.ConsoleChanges.Select(c => c.EventName));
        Assert.All(section.ConsoleChanges, c => Assert.Equal("arn:aws:iam::123456789012:role/deploy", c.User));
    }

    [Fact]
    public void Build_GivenARoleUsedFromSdkAndABrowser_ReportsTheBrowserCallsAsUnusual()
    {
        var section = Review(string.Join("\n",
            Ev("RunInstances", "Boto3/1.34 Python/3.12 botocore/1.34"),
            Ev("RunInstances", "Boto3/1.34 Python/3.12 botocore/1.34"),
            Ev("CreateTags", "APN/1.0 HashiCorp/1.0 Terraform/1.7.0"),
            Ev("DeleteVpc", "Mozilla/5.0 (Macintosh)"),
            Ev("DeleteVpc", "Mozilla/5.0 (Macintosh)"),
            Ev("GetObject", "curl/8.4.0", source: "s3.amazonaws.com")));
        var role = Assert.Single(section.PrincipalUserAgents);
        Assert.Equal("arn:aws:iam::123456789012:role/deploy", role.Principal);
        Assert.Equal(6, role.Calls);
        Assert.Equal(["sdk", "terraform"], role.UsualFamilies.Order(StringComparer.Ordinal));
        Assert.Equal(2, role.Families["sdk"]);
        Assert.Equal(
            [("DeleteVpc", "browser", 2L), ("GetObject", "other", 1L)],
            section.UnusualUserAgents.Select(u => (u.EventName, u.Family, u.Count)));
    }

    [Fact]
    public void Build_GivenRootCalls_ListsThemExceptAwsServiceEvents()
    {
        const string root = """{"type":"Root","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"}""";
        var section = Review(string.Join("\n",
            Ev("CreateUser", "aws-cli/2", identity: root, source: "iam.amazonaws.com"),
            Ev("ConsoleLogin", "Mozilla/5.0", identity: root, source: "signin.amazonaws.com", extra: ",\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"MFAUsed\":\"Yes\"}"),
            Ev("SharedSnapshotCopyInitiated", "ec2.amazonaws.com", identity: root, extra: ",\"eventType\":\"AwsServiceEvent\""),
            Ev("AssumeRole", "ec2.amazonaws.com", identity: """{"type":"Root","invokedBy":"ec2.amazonaws.com"}""", source: "sts.amazonaws.com")));
        Assert.Equal(["CreateUser", "ConsoleLogin"], section.RootActivity.Select(r => r.EventName));
        Assert.Equal("123456789012", section.RootActivity[0].Account);
        var login = Assert.Single(section.ConsoleLogins);
        Assert.True(login.Success);
        Assert.True(login.MfaUsed);
    }

    [Fact]
    public void Build_GivenDenialsSpreadOverTime_ReportsOnlyRunsReachingTheThresholdInsideTheWindow()
    {
        const string denied = ",\"errorCode\":\"AccessDenied\"";
        var lines = new List<string>();
        // Four denials in five minutes, then five denials two hours later within nine minutes.
        lines.AddRange(Enumerable.Range(0, 4).Select(i => Ev("GetObject", "aws-cli/2", time: $"2024-05-01T10:0{i}:00Z", extra: denied)));
        lines.AddRange(Enumerable.Range(0, 5).Select(i => Ev("ListBuckets", "aws-cli/2", time: $"2024-05-01T12:0{i * 2}:30Z", extra: denied)));
        lines.Add(Ev("ListBuckets", "aws-cli/2", time: "2024-05-01T12:30:00Z", extra: ",\"errorCode\":\"NoSuchBucket\""));
        var section = Review(string.Join("\n", lines));
        var burst = Assert.Single(section.AccessDeniedBursts);
        Assert.Equal(5, burst.Count);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T12:00:30Z", System.Globalization.CultureInfo.InvariantCulture), burst.Start);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T12:08:30Z", System.Globalization.CultureInfo.InvariantCulture), burst.End);
        Assert.Equal(5, burst.EventNames["ListBuckets"]);
    }

    [Fact]
    public void Build_GivenMoreItemsThanTheCap_ListsTheCapAndCountsTheRest()
    {
        const string root = """{"type":"Root","arn":"arn:aws:iam::123456789012:root"}""";
        var section = Review(string.Join("\n", Enumerable.Range(0, 7).Select(i => Ev("CreateUser", "aws-cli/2", identity: root))), new CloudTrailReviewOptions { MaxListItems = 5 });
        Assert.Equal(5, section.RootActivity.Count);
        Assert.Equal(2, section.NotListed["rootActivity"]);
    }

    [Fact]
    public void Merge_OfTwoHalves_EqualsOneReviewOfTheWhole()
    {
        var lines = Enumerable.Range(0, 40).Select(i => Ev(i % 3 == 0 ? "RunInstances" : "DeleteVpc", i % 2 == 0 ? "aws-cli/2" : "Mozilla/5.0", time: $"2024-05-01T10:{i:00}:00Z", extra: i % 4 == 0 ? ",\"errorCode\":\"AccessDenied\"" : "")).ToList();
        var whole = Review(string.Join("\n", lines));
        var fields = StandardFields.Create();
        var a = new CloudTrailReview();
        var b = new CloudTrailReview();
        var reader = new CloudTrailReader(fields);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(17)))), "a", a.Add, _ => { }, TestContext.Current.CancellationToken);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(17)))), "b", b.Add, _ => { }, TestContext.Current.CancellationToken);
        a.Merge(b);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(whole, CloudSniper.Core.Reports.ReportJson.Options),
            System.Text.Json.JsonSerializer.Serialize(a.Build(), CloudSniper.Core.Reports.ReportJson.Options));
    }

    [Theory]
    [InlineData("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64", UserAgentFamily.Cli)]
    [InlineData("Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux", UserAgentFamily.Sdk)]
    [InlineData("aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21", UserAgentFamily.Sdk)]
    [InlineData("APN/1.0 HashiCorp/1.0 Terraform/1.7.0 (+https://www.terraform.io)", UserAgentFamily.Terraform)]
    [InlineData("console.ec2.amazonaws.com", UserAgentFamily.Console)]
    [InlineData("AWS Internal", UserAgentFamily.AwsService)]
    [InlineData("cloudformation.amazonaws.com", UserAgentFamily.AwsService)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", UserAgentFamily.Browser)]
    [InlineData("python-requests/2.31", UserAgentFamily.Other)]
    [InlineData("", UserAgentFamily.None)]
    public void Classify_GivenKnownAgents_NamesTheFamily(string agent, UserAgentFamily family) =>
        Assert.Equal(family, UserAgentClassifier.Classify(agent));
}
