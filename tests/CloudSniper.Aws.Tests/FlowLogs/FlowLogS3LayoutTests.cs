using CloudSniper.Aws.FlowLogs;
using CloudSniper.Aws.Sources;

namespace CloudSniper.Aws.Tests.FlowLogs;

public sealed class FlowLogS3LayoutTests
{
    [Fact]
    public void Prefixes_GivenARegionPrefixAndAWindow_ListsOneDayPrefixEach()
    {
        var location = new S3Prefix("logs", "AWSLogs/123456789012/vpcflowlogs/us-east-1");

        var prefixes = FlowLogS3Layout.Prefixes(location, new DateTimeOffset(2024, 4, 30, 22, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 2, 1, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            ["AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/04/30/", "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/", "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/02/"],
            prefixes.Select(p => p.Prefix));
    }

    [Fact]
    public void Prefixes_GivenAnOpenWindowOrAnotherPrefix_KeepsTheLocation()
    {
        var region = new S3Prefix("logs", "prefix/AWSLogs/123456789012/vpcflowlogs/eu-west-1/");
        var other = new S3Prefix("logs", "exports/flows/");
        var since = DateTimeOffset.UnixEpoch;

        Assert.Equal([region], FlowLogS3Layout.Prefixes(region, since, null));
        Assert.Equal([other], FlowLogS3Layout.Prefixes(other, since, since.AddDays(1)));
    }
}
