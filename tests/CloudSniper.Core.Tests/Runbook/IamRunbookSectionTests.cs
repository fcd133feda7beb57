using System.Text.Json;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Reports;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Runbook;

/// <summary>The runbook's IAM section: the review's findings per check with the trend against the previous report, in every format.</summary>
public sealed class IamRunbookSectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<IamFinding> SampleFindings()
    {
        var report = CredentialReportParser.ParseFile(Path.Combine(RepoRoot.Find()!, "samples", "iam", "credential-report.csv"));
        return IamReviewer.Review(report.Rows, Now, new IamReviewOptions());
    }

    [Fact]
    public void Build_GivenAPreviousReport_CountsEachCheckNowAndThen()
    {
        var findings = SampleFindings();
        var previous = new RunbookReport
        {
            GeneratedAt = Now.AddDays(-1),
            Iam = new IamSection { Checks = [new IamCheckCount("password-unused", "console password unused", "medium", "1.12", 5, null), new IamCheckCount("key-unused", "k", "medium", "1.12", 1, null)] },
        };

        var section = IamRunbookSection.Build(findings, 7, "credential report sample", Now, [], previous);

        // The sample, by hand: bob and erin have unused passwords (2), carol's key 2 is unused (1).
        var password = section.Checks.Single(c => c.Check == "password-unused");
        Assert.Equal((2, 5), (password.Count, password.Previous));
        Assert.Equal("2 (−3)", IamRunbookSection.Trend(password));
        Assert.Equal("1 (=)", IamRunbookSection.Trend(section.Checks.Single(c => c.Check == "key-unused")));
        Assert.Equal("1 (+1)", IamRunbookSection.Trend(section.Checks.Single(c => c.Check == "multiple-active-keys")));
        Assert.Equal(Now.AddDays(-1), section.PreviousRun);
        Assert.Equal(IamChecks.All.Count, section.Checks.Count);
        Assert.Equal(9, section.TotalFindings);
        Assert.Equal("critical", section.Findings[0].Severity);
    }

    [Fact]
    public void Build_GivenNoPreviousIamSection_HasNoTrend()
    {
        var section = IamRunbookSection.Build(SampleFindings(), 7, "s", Now, [], new RunbookReport { GeneratedAt = Now.AddDays(-1) });

        Assert.Null(section.PreviousRun);
        Assert.All(section.Checks, c => Assert.Null(c.Previous));
        Assert.Equal("2", IamRunbookSection.Trend(section.Checks.Single(c => c.Check == "password-unused")));
    }

    [Fact]
    public async Task Writers_GivenAnIamSection_ShowItInMarkdownHtmlSlackAndSchemaValidJson()
    {
        var report = new RunbookReport { GeneratedAt = Now, Iam = IamRunbookSection.Build(SampleFindings(), 7, "credential report sample", Now, [], null) };
        report = report with { Summary = RunbookSummaryBuilder.Build(report) };
        var dir = Directory.CreateTempSubdirectory("iam-runbook-").FullName;
        try
        {
            foreach (var writer in ReportWriters.All)
            {
                writer.Write(report, dir);
            }

            var md = await File.ReadAllTextAsync(Path.Combine(dir, "runbook-report.md"), TestContext.Current.CancellationToken);
            Assert.Contains("## IAM review: findings per check (credential report sample, 7 principal(s); no previous run) (9)", md, StringComparison.Ordinal);
            Assert.Contains("| password-unused | medium | 1.12 | console password unused | 2 |  | 2 |", md, StringComparison.Ordinal);
            var html = await File.ReadAllTextAsync(Path.Combine(dir, "runbook-report.html"), TestContext.Current.CancellationToken);
            Assert.Contains("IAM review: findings", html, StringComparison.Ordinal);
            var slack = SlackPayloadBuilder.Build(report).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            Assert.Contains("`password-unused`: 2", slack, StringComparison.Ordinal);

            var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepoRoot.Find()!, "schemas", "runbook-report.schema.json"), TestContext.Current.CancellationToken);
            var json = await File.ReadAllTextAsync(Path.Combine(dir, "runbook-report.json"), TestContext.Current.CancellationToken);
            var errors = schema.Validate(json);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(9, doc.RootElement.GetProperty("iam").GetProperty("findings").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
