using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Core.Tests.Response;

public class ResponseGuardsTests
{
    private static readonly ResponseGuards Guards = new(AwsIpRanges.LoadBundled(), [IpNetwork.Parse("81.2.69.0/24")], minSeverity: 3);

    private static readonly OwnNetworks Own = OwnNetworks.Create([(IpNetwork.Parse("52.30.1.2/32"), "eipalloc-1 52.30.1.2"), (IpNetwork.Parse("2a05:d018:1::/56"), "vpc-1 ipv6")]);

    [Theory]
    [InlineData("10.1.2.3/32", GuardKeys.SpecialRange, "private")]
    [InlineData("192.0.2.9/32", GuardKeys.SpecialRange, "documentation")]
    [InlineData("2001:db8::1/128", GuardKeys.SpecialRange, "documentation")]
    [InlineData("100.64.0.1/32", GuardKeys.SpecialRange, "carrier-grade")]
    [InlineData("52.30.1.2/32", GuardKeys.OwnAddress, "eipalloc-1")]
    [InlineData("2a05:d018:1::5/128", GuardKeys.OwnAddress, "vpc-1")]
    [InlineData("54.230.10.1/32", GuardKeys.AwsServiceRange, "CLOUDFRONT")]
    [InlineData("3.81.0.1/32", GuardKeys.AwsServiceRange, "EC2 us-east-1")]
    [InlineData("81.2.69.160/32", GuardKeys.AllowList, "81.2.69.0/24")]
    [InlineData("8.0.0.0/6", GuardKeys.SpecialRange, "too wide")]
    public void CheckAddress_GivenProtectedAddress_NamesTheGuard(string cidr, string guard, string reasonPart)
    {
        var reason = Guards.CheckAddress(IpNetwork.Parse(cidr), Own, out var g);
        Assert.Equal(guard, g);
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("45.155.205.233/32")]
    [InlineData("2a0b:4140:1::1/128")]
    public void CheckAddress_GivenPublicAddress_Allows(string cidr) =>
        Assert.Null(Guards.CheckAddress(IpNetwork.Parse(cidr), Own, out _));

    [Fact]
    public void CheckAddress_GivenUnknownOwnNetworks_BlocksNothing()
    {
        var reason = Guards.CheckAddress(IpNetwork.Parse("45.155.205.233/32"), OwnNetworks.Unknown("AccessDenied on DescribeVpcs"), out var guard);
        Assert.Equal(GuardKeys.OwnAddress, guard);
        Assert.Contains("AccessDenied", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFinding_GivenSampleArchivedOrLowSeverity_Stops()
    {
        var probe = Findings.PortProbe("f1", "45.155.205.233");
        Assert.Equal(GuardKeys.SampleFinding, Guards.CheckFinding(probe with { IsSample = true, Severity = 8 })!.Guard);
        Assert.Equal(GuardKeys.Archived, Guards.CheckFinding(probe with { Archived = true, Severity = 8 })!.Guard);
        Assert.Equal(GuardKeys.MinSeverity, Guards.CheckFinding(probe with { Severity = 2 })!.Guard);
        Assert.Null(Guards.CheckFinding(probe with { Severity = 5 }));
    }

    [Fact]
    public void AwsIpRanges_GivenBrokenDocument_ThrowsFormatException()
    {
        using var noPrefixes = new MemoryStream("{\"syncToken\":\"1\"}"u8.ToArray());
        Assert.Throws<FormatException>(() => AwsIpRanges.Parse(noPrefixes));
        using var badPrefix = new MemoryStream("{\"prefixes\":[{\"ip_prefix\":\"nope\"}]}"u8.ToArray());
        var ex = Assert.Throws<FormatException>(() => AwsIpRanges.Parse(badPrefix));
        Assert.Contains("entry 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsIpRanges_Bundled_IsDatedAndNonEmpty()
    {
        var ranges = AwsIpRanges.LoadBundled();
        Assert.True(ranges.PrefixCount > 20);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}-", ranges.CreateDate!);
    }

    [Fact]
    public void AllowList_GivenFileWithCommentsAndBadLine_ReportsLine()
    {
        var (nets, errors) = AllowList.Parse(new StringReader("# office\n81.2.69.0/24\n\nnot-an-ip # oops\n2a0b::/32\n"), "allow.txt");
        Assert.Equal(2, nets.Count);
        Assert.Equal("allow.txt:4: 'not-an-ip' is not an IP address or CIDR block", Assert.Single(errors));
    }
}
