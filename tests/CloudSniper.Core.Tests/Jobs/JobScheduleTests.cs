using CloudSniper.Core.Jobs;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>Schedule parsing and occurrences: intervals aligned on the Unix epoch, cron (five or six fields, macros) in UTC.</summary>
public sealed class JobScheduleTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("every 10s", 10)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("24h", 86400)]
    [InlineData("every 2d", 172800)]
    [InlineData("  EVERY 30s ", 30)]
    public void Parse_GivenAnInterval_ReadsItsLength(string text, int seconds)
    {
        var schedule = JobSchedule.Parse(text);

        Assert.False(schedule.IsCron);
        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.Interval);
    }

    [Theory]
    [InlineData("0 6 * * *")]
    [InlineData("*/30 * * * * *")]
    [InlineData("@daily")]
    [InlineData("0 0 29 2 *")]
    public void Parse_GivenCron_AcceptsFiveOrSixFieldsAndMacros(string text)
    {
        var schedule = JobSchedule.Parse(text);

        Assert.True(schedule.IsCron);
        Assert.Null(schedule.Interval);
        Assert.Equal(text, schedule.Text);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("every", "not a schedule")]
    [InlineData("every 10x", "not a schedule")]
    [InlineData("10", "not a schedule")]
    [InlineData("0s", "not a schedule")]
    [InlineData("61 * * * *", "not a cron expression")]
    [InlineData("* * *", "not a cron expression")]
    public void TryParse_GivenNonsense_SaysWhy(string text, string reason)
    {
        Assert.False(JobSchedule.TryParse(text, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("every 10s", "2026-11-23T12:00:03Z", "2026-11-23T12:00:00Z", "2026-11-23T12:00:10Z")]
    [InlineData("every 10s", "2026-11-23T12:00:10Z", "2026-11-23T12:00:10Z", "2026-11-23T12:00:20Z")]
    [InlineData("15m", "2026-11-23T12:07:00Z", "2026-11-23T12:00:00Z", "2026-11-23T12:15:00Z")]
    [InlineData("15m", "2026-11-23T12:45:00Z", "2026-11-23T12:45:00Z", "2026-11-23T13:00:00Z")]
    [InlineData("24h", "2026-11-23T13:00:00Z", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z")]
    [InlineData("0 6 * * *", "2026-11-23T05:59:00Z", "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z")]
    [InlineData("0 6 * * *", "2026-11-23T06:00:00Z", "2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z")]
    [InlineData("*/5 * * * *", "2026-11-23T12:07:30Z", "2026-11-23T12:05:00Z", "2026-11-23T12:10:00Z")]
    [InlineData("*/30 * * * * *", "2026-11-23T12:00:45Z", "2026-11-23T12:00:30Z", "2026-11-23T12:01:00Z")]
    [InlineData("@daily", "2026-11-23T13:00:00Z", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z")]
    [InlineData("0 0 1 1 *", "2026-11-23T13:00:00Z", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-11-23T13:00:00Z", "2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z")]
    public void LatestAndNext_AreTheOccurrencesAroundNow(string text, string now, string latest, string next)
    {
        var schedule = JobSchedule.Parse(text);

        Assert.Equal(At(latest), schedule.Latest(At(now)));
        Assert.Equal(At(next), schedule.Next(At(now)));
    }

    [Fact]
    public void Latest_IsInUtc_WhateverTheOffsetOfNow()
    {
        var schedule = JobSchedule.Parse("0 6 * * *");

        // 07:30 at +02:00 is 05:30 UTC: today's 06:00 UTC has not come yet.
        Assert.Equal(At("2026-11-22T06:00:00Z"), schedule.Latest(At("2026-11-23T07:30:00+02:00")));
    }
}
