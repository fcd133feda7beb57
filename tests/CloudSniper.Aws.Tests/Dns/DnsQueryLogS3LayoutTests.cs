using CloudSniper.Aws.Dns;
using CloudSniper.Aws.Sources;

namespace CloudSniper.Aws.Tests.Dns;

public sealed class DnsQueryLogS3LayoutTests
{
    [Fact]
    public void A_vpc_prefix_and_a_window_list_one_day_prefix_each()
    {
        var location = new S3Prefix("logs", "AWSLogs/123456789012/vpcdnsquerylogs/vpc-0abc123");

        var prefixes = DnsQueryLogS3Layout.Prefixes(location, new DateTimeOffset(2026, 11, 30, 22, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            ["AWSLogs/123456789012/vpcdnsquerylogs/vpc-0abc123/2026/11/30/", "AWSLogs/123456789012/vpcdnsquerylogs/vpc-0abc123/2026/12/01/"],
            prefixes.Select(p => p.Prefix));
    }

    [Fact]
    public void An_open_window_or_another_prefix_keeps_the_location()
    {
        var vpc = new S3Prefix("logs", "AWSLogs/123456789012/vpcdnsquerylogs/vpc-0abc123/");
        var flows = new S3Prefix("logs", "AWSLogs/123456789012/vpcflowlogs/eu-west-1/");
        var since = DateTimeOffset.UnixEpoch;

        Assert.Equal([vpc], DnsQueryLogS3Layout.Prefixes(vpc, since, null));
        Assert.Equal([flows], DnsQueryLogS3Layout.Prefixes(flows, since, since.AddDays(1)));
    }
}
