using CloudSniper.Core.Iam;

namespace CloudSniper.Core.Tests.Iam;

/// <summary>The credential report as AWS documents it: header-driven columns and the special values N/A, no_information, not_supported.</summary>
public sealed class CredentialReportParserTests
{
    private const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
        "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
        "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    [Fact]
    public void Parse_GivenTheRootRow_ReadsNotSupportedPasswordColumnsAsUnknown()
    {
        var report = CredentialReportParser.Parse(Header + "\n" +
            "<root_account>,arn:aws:iam::111122223333:root,2019-03-01T10:00:00+00:00,not_supported,2026-11-20T08:00:00+00:00,not_supported,not_supported,false," +
            "true,2019-03-02T10:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", "report.csv");

        Assert.Empty(report.Errors);
        var root = Assert.Single(report.Rows);
        Assert.True(root.IsRoot);
        Assert.Null(root.PasswordEnabled);
        Assert.Null(root.PasswordLastChanged);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), root.PasswordLastUsed);
        Assert.Equal("111122223333", root.AccountId);
        Assert.True(root.Key1.Active);
        Assert.Equal(new DateTimeOffset(2019, 3, 2, 10, 0, 0, TimeSpan.Zero), root.Key1.LastRotated);
        Assert.Null(root.Key1.LastUsed);
        Assert.Null(root.Key1.LastUsedRegion);
        Assert.False(root.Key2.Active);
        Assert.Null(root.Key2.LastRotated);
    }

    [Fact]
    public void Parse_GivenNoInformation_MarksThePasswordNeverUsed()
    {
        var report = CredentialReportParser.Parse(Header + "\n" +
            "erin,arn:aws:iam::111122223333:user/erin,2026-10-17T00:00:00+00:00,true,no_information,2026-10-17T00:00:00+00:00,N/A,true," +
            "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", "report.csv");

        var erin = Assert.Single(report.Rows);
        Assert.True(erin.PasswordEnabled);
        Assert.True(erin.PasswordNeverUsed);
        Assert.Null(erin.PasswordLastUsed);
        Assert.True(erin.MfaActive);
    }

    [Fact]
    public void Parse_GivenColumnsInAnotherOrder_FindsThemByName()
    {
        const string header = "arn,user,mfa_active,user_creation_time,password_enabled,password_last_used,password_last_changed," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date";
        var report = CredentialReportParser.Parse(header + "\n" +
            "arn:aws:iam::111122223333:user/zoe,zoe,true,2025-01-01T00:00:00Z,false,N/A,N/A,true,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,false,N/A,N/A\n", "r.csv");

        var zoe = Assert.Single(report.Rows);
        Assert.Equal("zoe", zoe.User);
        Assert.False(zoe.Key1.Active);
        Assert.True(zoe.Key2.Active);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), zoe.Key2.LastUsed);
    }

    [Fact]
    public void Parse_GivenABadRow_NamesItsLineAndKeepsTheOthers()
    {
        var report = CredentialReportParser.Parse(Header + "\n" +
            "frank,arn:aws:iam::111122223333:user/frank,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,maybe,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
            "gina,arn:aws:iam::111122223333:user/gina,yesterday,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
            "hank,arn:aws:iam::111122223333:user/hank,2026-01-01T00:00:00+00:00,false\n" +
            "ivan,arn:aws:iam::111122223333:user/ivan,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
            "report.csv");

        Assert.Equal("ivan", Assert.Single(report.Rows).User);
        Assert.Collection(report.Errors,
            e => Assert.Equal("report.csv:2: mfa_active: expected true or false, found 'maybe'", e.ToString()),
            e => Assert.Equal("report.csv:3: user_creation_time: not an ISO 8601 time: 'yesterday'", e.ToString()),
            e => Assert.Equal("report.csv:4: expected 22 fields, found 4", e.ToString()));
    }

    [Fact]
    public void Parse_GivenSomethingElse_RejectsItNamingTheMissingColumns()
    {
        var report = CredentialReportParser.Parse("user,arn\nalice,arn:aws:iam::111122223333:user/alice\n", "other.csv");

        Assert.Empty(report.Rows);
        var error = Assert.Single(report.Errors);
        Assert.Equal(1, error.Line);
        Assert.StartsWith("not an IAM credential report: missing column(s) user_creation_time, password_enabled", error.Reason, StringComparison.Ordinal);
    }
}
