using CloudSniper.Core.Exports;
using CloudSniper.Core.Iocs;
using static CloudSniper.Core.Tests.Exports.ExportTestData;

namespace CloudSniper.Core.Tests.Exports;

public class IocTextAndCsvExporterTests
{
    [Fact]
    public async Task Text_GivenMixedIndicators_WritesOnlyBlockableAddressesOnce()
    {
        var text = await Export(s => new IocTextExporter().WriteAsync(
            Async(
                Ioc("45.33.12.9", IocType.Ipv4),
                Ioc("10.0.0.5", IocType.Ipv4),
                Ioc("evil.example", IocType.Domain),
                Ioc("185.220.0.0/16", IocType.Cidr),
                Ioc("192.0.2.0/24", IocType.Cidr),
                Ioc("45.33.12.9", IocType.Ipv4)),
            s,
            Now));

        Assert.Equal(["45.33.12.9", "185.220.0.0/16"], Lines(text));
    }

    [Fact]
    public async Task Csv_GivenIndicator_WritesHeaderAndQuotedCells()
    {
        var ioc = Ioc("45.33.12.9", IocType.Ipv4) with { Description = "brute force, ssh", Sources = ["guardduty", "feed:abuse"] };

        var lines = Lines(await Export(s => new IocCsvExporter().WriteAsync(Async(ioc), s, Now)));

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("value,type,first_seen", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("45.33.12.9,ipv4,2026-11-21T12:00:00Z,2026-11-23T11:00:00Z,3,80,guardduty;feed:abuse,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("\"brute force, ssh\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_GivenTabFormulaDescription_PrefixesAQuote()
    {
        var ioc = Ioc("45.33.12.9", IocType.Ipv4) with { Description = "\t=1+1" };

        var lines = Lines(await Export(s => new IocCsvExporter().WriteAsync(Async(ioc), s, Now)));

        Assert.EndsWith(",'\t=1+1", lines[1], StringComparison.Ordinal);
    }
}
