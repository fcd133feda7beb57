using CloudSniper.Aws.Iam;
using CloudSniper.Aws.Signing;
using CloudSniper.Aws.Tests.Response;
using CloudSniper.Core.Iam;

namespace CloudSniper.Aws.Tests.Iam;

/// <summary>The live IAM review's calls, on recorded answers for every documented credential-report state and error.</summary>
public sealed class IamReviewCollectorTests
{
    [Fact]
    public async Task CredentialReport_GivenAReportStillBeingBuilt_WaitsThenReadsIt()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GenerateCredentialReport", "iam.GenerateCredentialReport.http")
            .Then("GenerateCredentialReport", "iam.GenerateCredentialReport.COMPLETE.http")
            .Then("GetCredentialReport", "iam.GetCredentialReport.ReportInProgress.http")
            .Then("GetCredentialReport", "iam.GetCredentialReport.http");

        var report = await new IamReviewCollector(h.Clients).CredentialReportAsync(null, TestContext.Current.CancellationToken);

        Assert.Empty(report.Errors);
        Assert.Equal(["<root_account>", "old-key-user"], report.Rows.Select(r => r.User));
        Assert.Equal(0, h.Replay.Remaining);
        Assert.Equal("iam.amazonaws.com", h.Replay.Requests[0].Uri.Host);
        var findings = IamReviewer.Review(report.Rows, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new IamReviewOptions());
        Assert.Equal(["root-recent-use", "key-unused", "key-not-rotated"], findings.Select(f => f.Check));
    }

    [Theory]
    [InlineData("iam.GetCredentialReport.ReportNotPresent.http")]
    [InlineData("iam.GetCredentialReport.ReportExpired.http")]
    public async Task CredentialReport_GivenNoReportOrAnExpiredOne_GeneratesANewOne(string answer)
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GenerateCredentialReport", "iam.GenerateCredentialReport.COMPLETE.http")
            .Then("GetCredentialReport", answer)
            .Then("GenerateCredentialReport", "iam.GenerateCredentialReport.COMPLETE.http")
            .Then("GetCredentialReport", "iam.GetCredentialReport.http");

        var report = await new IamReviewCollector(h.Clients).CredentialReportAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(2, report.Rows.Count);
        Assert.Equal(2, h.Replay.Calls("GenerateCredentialReport").Count());
    }

    [Fact]
    public async Task CredentialReport_GivenAReportThatNeverFinishes_GivesUpSayingSo()
    {
        using var h = new ExecutorHarness();
        for (var i = 0; i < 4; i++)
        {
            h.Replay.Then("GenerateCredentialReport", "iam.GenerateCredentialReport.http");
        }

        var collector = new IamReviewCollector(h.Clients) { MaxWait = TimeSpan.FromSeconds(5) };

        var error = await Assert.ThrowsAsync<TimeoutException>(() => collector.CredentialReportAsync(null, TestContext.Current.CancellationToken));
        Assert.Contains("within 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialReport_GivenAccessDenied_NamesThePermission()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GenerateCredentialReport", "iam.GenerateCredentialReport.COMPLETE.http")
            .Then("GetCredentialReport", "iam.GetCredentialReport.AccessDenied.http");

        var error = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => new IamReviewCollector(h.Clients).CredentialReportAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task CredentialReport_GivenTheReportQuotaExceeded_Fails()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GenerateCredentialReport", "iam.GenerateCredentialReport.LimitExceeded.http");

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => new IamReviewCollector(h.Clients).CredentialReportAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal("LimitExceeded", error.ErrorCode);
    }

    [Fact]
    public async Task AuthorizationDetails_GivenTwoPagesAndAThrottle_MergesThemAsTheCliPrintsThem()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GetAccountAuthorizationDetails", "iam.GetAccountAuthorizationDetails.page1.http")
            .Then("GetAccountAuthorizationDetails", "iam.GetAccountAuthorizationDetails.Throttling.http")
            .Then("GetAccountAuthorizationDetails", "iam.GetAccountAuthorizationDetails.page2.http");

        var details = await new IamReviewCollector(h.Clients).AuthorizationDetailsAsync(null, TestContext.Current.CancellationToken);

        Assert.Contains("Marker=page-2-marker", h.Replay.Requests[1].Body, StringComparison.Ordinal);
        var findings = AuthorizationReview.Review(details, new IamReviewOptions());
        Assert.Equal(
        [
            "admin-policy-attached admin-user",
            "role-trust-external-no-external-id partner",
        ], findings.Select(f => f.Check + " " + f.User));
    }
}
