using CloudSniper.Core.Jobs;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>The incremental window: from the watermark to now, the first window without one, never more than 7 days.</summary>
public sealed class IncrementalWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_WithoutAWatermark_LooksBackTheFirstWindow() =>
        Assert.Equal((Now.AddHours(-24), Now), IncrementalWindow.For(null, Now, TimeSpan.FromHours(24)));

    [Fact]
    public void For_WithAWatermark_StartsThere() =>
        Assert.Equal((Now.AddMinutes(-70), Now), IncrementalWindow.For("2026-11-23T10:50:00.0000000+00:00", Now, TimeSpan.FromHours(24)));

    [Fact]
    public void For_AfterWeeksOff_ReadsOnlyTheLatestSevenDays() =>
        Assert.Equal((Now.AddDays(-7), Now), IncrementalWindow.For("2026-10-01T00:00:00Z", Now, TimeSpan.FromHours(24)));

    [Fact]
    public void For_WithAWatermarkAtNow_HasNothingToRead() =>
        Assert.Null(IncrementalWindow.For(IncrementalWindow.Format(Now), Now, TimeSpan.FromHours(24)));

    [Fact]
    public void Format_RoundTripsThroughFor() =>
        Assert.Equal(Now.AddSeconds(-1), IncrementalWindow.For(IncrementalWindow.Format(Now.AddSeconds(-1)), Now, TimeSpan.FromHours(1))!.Value.Since);
}
