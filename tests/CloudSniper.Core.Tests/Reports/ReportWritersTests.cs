using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Reports;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Tests.Reports;

public sealed class ReportWritersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static RunbookReport Sample(int apiFindings = 2)
    {
        var findings = Enumerable.Range(0, apiFindings).Select(i => new Finding
        {
            Id = "gd-" + i,
            Source = FindingSource.GuardDuty,
            Type = FindingType.Parse("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"),
            Severity = i % 10,
            Region = "eu-west-1",
            Title = $"Credentials used outside AWS <{i}>",
            Action = ActionKind.AwsApiCall,
        }).ToList();
        var report = new RunbookReport
        {
            GeneratedAt = Now,
            Checks =
            [
                new CheckResult("root-mfa", "The root user has MFA enabled", "iam", CheckStatus.Fail, "critical", null, "123456789012", "root", "root MFA is not active"),
                new CheckResult("guardduty-enabled", "GuardDuty is enabled in every region", "guardduty", CheckStatus.Pass, "high", "eu-west-1", "123456789012", "d1", "ok"),
            ],
            Detections = [new Detection("r1", "CloudTrail Logging Stopped", "high", "e1", "StopLogging", Now.AddHours(-1), "arn:aws:iam::123456789012:user/mallory", "203.0.113.9", "t.json:1")],
            GuardDuty = GuardDutyReview.Build(findings),
            CloudTrail = new CloudTrailSection
            {
                Records = 10,
                Events = [new EventSummary("cloudtrail.amazonaws.com", "StopLogging", 1, 0, new Dictionary<string, long> { ["u"] = 1 }, new Dictionary<string, long> { ["=cmd|' /C calc'!A0"] = 1 }, new Dictionary<string, long> { ["203.0.113.9"] = 1 })],
                ConsoleLogins = [new ConsoleLogin(Now, "arn:aws:iam::123456789012:user/bob", "198.51.100.2", true, false, "Mozilla/5.0", "e2")],
            },
        };
        return report with { Summary = RunbookSummaryBuilder.Build(report) };
    }

    [Fact]
    public void Html_IsSelfContainedWithTheSummaryBeforeTheTables()
    {
        var html = HtmlReportWriter.Render(Sample());
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        var summary = html.IndexOf("id=\"summary\"", StringComparison.Ordinal);
        Assert.True(summary > 0 && summary < html.IndexOf("id=\"checks\"", StringComparison.Ordinal));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("FAIL [critical] The root user has MFA enabled", html, StringComparison.Ordinal);
        Assert.Contains("Credentials used outside AWS &lt;1&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<1>", html, StringComparison.Ordinal);
        Assert.Contains("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_With100000Findings_EmbedsAPageableSliceAndSaysWhereTheRestIs()
    {
        var html = HtmlReportWriter.Render(Sample(apiFindings: 100_000));
        var section = html[html.IndexOf("id=\"guardduty-api-calls\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Equal(HtmlReportWriter.MaxRowsPerTable, Regex.Count(section, "<tr><td>"));
        Assert.Contains("Showing 2,000 of 100,000", section, StringComparison.Ordinal);
        Assert.True(html.Length < 3_000_000, $"page is {html.Length} characters");
    }

    [Fact]
    public void Markdown_StartsWithTheSummaryAndEscapesPipes()
    {
        var md = MarkdownReportWriter.Render(Sample());
        Assert.StartsWith("# Cloud Sniper daily runbook", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("## Top risks", StringComparison.Ordinal) < md.IndexOf("## Enablement checks", StringComparison.Ordinal));
        Assert.Contains("=cmd\\|' /C calc'!A0", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_WritesOneFilePerListQuotingAndDefusingFormulas()
    {
        var dir = Directory.CreateTempSubdirectory("csv-");
        try
        {
            var files = new CsvReportWriter().Write(Sample(), dir.FullName);
            Assert.Equal(ReportTables.All(Sample()).Count, files.Count);
            var events = File.ReadAllLines(Path.Combine(dir.FullName, "runbook-events.csv"));
            Assert.Equal("Source,Event,Count,Errors,Principals,User agents,Source IPs", events[0]);
            Assert.Contains("'=cmd|' /C calc'!A0 (1)", events[1], StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Json_RoundTripsThroughTheReader()
    {
        var report = Sample();
        using var stream = new MemoryStream();
        ReportJson.Write(report, stream);
        stream.Position = 0;
        var back = ReportJson.Read(stream);
        Assert.NotNull(back);
        Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(back));
        Assert.Contains("\"status\": \"FAIL\"", ReportJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_ListsTheFailedChecksAndCriticalItemsThemselves()
    {
        var payload = SlackPayloadBuilder.Build(Sample(apiFindings: 12)).ToJsonString();
        using var doc = JsonDocument.Parse(payload);
        var blocks = doc.RootElement.GetProperty("blocks");
        Assert.True(blocks.GetArrayLength() <= 50);
        var text = string.Join("\n", blocks.EnumerateArray().Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetProperty("text").GetString()));
        Assert.Contains("*The root user has MFA enabled*", text, StringComparison.Ordinal);
        Assert.Contains("root MFA is not active", text, StringComparison.Ordinal);
        Assert.Contains("CloudTrail Logging Stopped", text, StringComparison.Ordinal);
        Assert.Contains("Console login without MFA: arn:aws:iam::123456789012:user/bob", text, StringComparison.Ordinal);
        Assert.Contains("Credentials used outside AWS &lt;9&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GuardDuty is enabled in every region", text, StringComparison.Ordinal);
        Assert.All(blocks.EnumerateArray().Where(b => b.TryGetProperty("text", out _)), b => Assert.True(b.GetProperty("text").GetProperty("text").GetString()!.Length <= 3000));
    }

    [Fact]
    public void Compare_ReportsStatusChangesNewDetectionsAndNewEvents()
    {
        var before = Sample();
        var after = before with
        {
            Checks = [before.Checks[0] with { Status = CheckStatus.Pass }, before.Checks[1]],
            Detections = [.. before.Detections, before.Detections[0] with { EventId = "e9" }],
            CloudTrail = before.CloudTrail with { Events = [.. before.CloudTrail.Events, new EventSummary("iam.amazonaws.com", "CreateUser", 2, 0, ImmutableDictionary<string, long>.Empty, ImmutableDictionary<string, long>.Empty, ImmutableDictionary<string, long>.Empty)] },
        };
        var changes = ReportComparer.Compare(before, after).Changes;
        Assert.Contains(changes, c => c.Kind == "check" && c.Item.StartsWith("root-mfa", StringComparison.Ordinal) && c.Change == "FAIL → PASS");
        Assert.Contains(changes, c => c.Kind == "detection" && c.Change == "1 → 2 event(s)");
        Assert.Contains(changes, c => c.Kind == "event" && c.Item == "iam.amazonaws.com CreateUser");
        Assert.Empty(ReportComparer.Compare(before, before).Changes);
    }

    private static RunbookReport Hostile() => Sample() with
    {
        Checks =
        [
            new CheckResult("c1", "<img src=x onerror=alert(1)>", "iam", CheckStatus.Fail, "high", null, "123456789012", "r1", "| break | table\nnext"),
            new CheckResult("c2", "\t=1+1", "iam", CheckStatus.Fail, "high", null, "123456789012", "r2", "\r=cmd"),
        ],
    };

    [Fact]
    public void Markdown_GivenHostileCheckText_RendersItAsTextInsideOneCell()
    {
        var md = MarkdownReportWriter.Render(Hostile());

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", md, StringComparison.Ordinal);
        Assert.Contains("\\| break \\| table next", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_GivenTabAndCarriageReturnFormulas_PrefixesAQuote()
    {
        var dir = Directory.CreateTempSubdirectory("csv-");
        try
        {
            new CsvReportWriter().Write(Hostile(), dir.FullName);
            var checks = File.ReadAllText(Path.Combine(dir.FullName, "runbook-checks.csv"));
            Assert.Contains(",'\t=1+1,", checks, StringComparison.Ordinal);
            Assert.Contains(",\"'\r=cmd\"", checks, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
