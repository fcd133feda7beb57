using CloudSniper.Core.Iam;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Iam;

/// <summary>The credential checks on the bundled sample report, with the clock fixed; expected findings worked out by hand from its dates.</summary>
public sealed class IamReviewerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<CredentialReportRow> SampleRows()
    {
        var report = CredentialReportParser.ParseFile(Path.Combine(RepoRoot.Find()!, "samples", "iam", "credential-report.csv"));
        Assert.Empty(report.Errors);
        return report.Rows;
    }

    [Fact]
    public void Review_GivenTheSampleReport_FindsExactlyWhatItsDatesSay()
    {
        var findings = IamReviewer.Review(SampleRows(), Now, new IamReviewOptions());

        var summary = findings.Select(f => $"{f.Check} {f.User} {f.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {f.Age?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}").ToList();
        Assert.Equal(
        [
            "root-access-key <root_account> 1 2830",
            "root-no-mfa <root_account> - -",
            "root-recent-use <root_account> - 10",
            "console-without-mfa bob - -",
            "password-unused bob - 45",
            "key-not-rotated carol 1 90",
            "key-unused carol 2 45",
            "multiple-active-keys carol - -",
            "password-unused erin - 45",
        ], summary);
    }

    [Fact]
    public void Review_GivenTheSampleReport_GivesEachFindingItsCisIdSeverityAndAccount()
    {
        var findings = IamReviewer.Review(SampleRows(), Now, new IamReviewOptions());

        var rootKey = findings.Single(f => f.Check == "root-access-key");
        Assert.Equal(("critical", "1.4", "111122223333"), (rootKey.Severity, rootKey.Cis, rootKey.Account));
        var unused = findings.Single(f => f.Check == "key-unused");
        Assert.Equal(("medium", "1.12"), (unused.Severity, unused.Cis));
        Assert.Equal("access key 2 never used; created 45 day(s) ago (2026-10-17)", unused.Detail);
        Assert.Equal("1.10", findings.Single(f => f.Check == "console-without-mfa").Cis);
    }

    [Theory]
    [InlineData(45 * 24, true)]
    [InlineData(45 * 24 - 1, false)]
    [InlineData(44 * 24, false)]
    public void Review_GivenAKeyLastUsedAtTheEdge_FindsItUnusedFrom45DaysOn(int hoursAgo, bool expected)
    {
        var row = User("kim", keyActive: true, keyLastUsed: Now.AddHours(-hoursAgo), keyRotated: Now.AddDays(-60));

        var findings = IamReviewer.Review([row], Now, new IamReviewOptions());

        Assert.Equal(expected, findings.Any(f => f.Check == "key-unused"));
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(89, false)]
    public void Review_GivenAKeyRotatedAtTheEdge_FindsItDueFrom90DaysOn(int daysAgo, bool expected)
    {
        var row = User("lee", keyActive: true, keyLastUsed: Now.AddDays(-1), keyRotated: Now.AddDays(-daysAgo));

        Assert.Equal(expected, IamReviewer.Review([row], Now, new IamReviewOptions()).Any(f => f.Check == "key-not-rotated"));
    }

    [Fact]
    public void Review_GivenAnInactiveOldKeyAndADisabledPassword_FindsNothing()
    {
        var row = User("max", keyActive: false, keyLastUsed: Now.AddDays(-400), keyRotated: Now.AddDays(-800)) with
        {
            PasswordEnabled = false,
            PasswordLastUsed = Now.AddDays(-300),
        };

        Assert.Empty(IamReviewer.Review([row], Now, new IamReviewOptions()));
    }

    [Fact]
    public void Review_GivenConfiguredThresholds_UsesThem()
    {
        var row = User("ned", keyActive: true, keyLastUsed: Now.AddDays(-20), keyRotated: Now.AddDays(-20));

        var findings = IamReviewer.Review([row], Now, new IamReviewOptions { KeyUnusedDays = 14, KeyRotationDays = 14 });

        Assert.Equal(["key-unused", "key-not-rotated"], findings.Select(f => f.Check));
    }

    private static CredentialReportRow User(string name, bool keyActive, DateTimeOffset? keyLastUsed, DateTimeOffset? keyRotated) => new()
    {
        User = name,
        Arn = "arn:aws:iam::111122223333:user/" + name,
        Created = Now.AddDays(-1000),
        PasswordEnabled = false,
        MfaActive = true,
        Key1 = new AccessKeyColumns(1, keyActive, keyRotated, keyLastUsed, null, null),
        Key2 = new AccessKeyColumns(2, false, null, null, null, null),
    };
}
