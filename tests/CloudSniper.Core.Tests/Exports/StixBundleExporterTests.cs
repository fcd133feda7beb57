using System.Text.Json;
using CloudSniper.Core.Exports;
using CloudSniper.Core.Iocs;
using static CloudSniper.Core.Tests.Exports.ExportTestData;

namespace CloudSniper.Core.Tests.Exports;

public class StixBundleExporterTests
{
    private static readonly string[] RequiredIndicatorProperties =
        ["type", "spec_version", "id", "created", "modified", "pattern", "pattern_type", "valid_from"];

    [Fact]
    public async Task Write_GivenIndicators_EveryObjectHasTheRequiredStixProperties()
    {
        var text = await Export(s => new StixBundleExporter().WriteAsync(
            Async(Ioc("45.33.12.9", IocType.Ipv4), Ioc("2600:3c00::1", IocType.Ipv6), Ioc("evil.example", IocType.Domain), Ioc("http://evil.example/x", IocType.Url)), s, Now));

        using var doc = JsonDocument.Parse(text);
        Assert.Equal("bundle", doc.RootElement.GetProperty("type").GetString());
        Assert.StartsWith("bundle--", doc.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        var indicators = doc.RootElement.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("type").GetString() == "indicator").ToList();
        Assert.Equal(4, indicators.Count);
        foreach (var indicator in indicators)
        {
            foreach (var property in RequiredIndicatorProperties)
            {
                Assert.True(indicator.TryGetProperty(property, out _), $"missing {property}");
            }

            Assert.Equal("2.1", indicator.GetProperty("spec_version").GetString());
            Assert.Matches("^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", indicator.GetProperty("id").GetString());
        }

        Assert.Equal(
            ["[ipv4-addr:value = '45.33.12.9']", "[ipv6-addr:value = '2600:3c00::1']", "[domain-name:value = 'evil.example']", "[url:value = 'http://evil.example/x']"],
            indicators.Select(i => i.GetProperty("pattern").GetString()));
    }

    [Fact]
    public async Task Write_GivenTheSameIndicatorTwice_GivesItTheSameId()
    {
        var first = await Export(s => new StixBundleExporter().WriteAsync(Async(Ioc("45.33.12.9", IocType.Ipv4)), s, Now));
        var second = await Export(s => new StixBundleExporter().WriteAsync(Async(Ioc("45.33.12.9", IocType.Ipv4)), s, Now.AddDays(1)));

        static string Id(string json) => JsonDocument.Parse(json).RootElement.GetProperty("objects")[1].GetProperty("id").GetString()!;
        Assert.Equal(Id(first), Id(second));
    }

    [Fact]
    public async Task Write_GivenExpiry_SetsValidUntilAfterValidFrom()
    {
        var text = await Export(s => new StixBundleExporter().WriteAsync(Async(Ioc("45.33.12.9", IocType.Ipv4, Now.AddDays(30))), s, Now));

        var indicator = JsonDocument.Parse(text).RootElement.GetProperty("objects")[1];
        Assert.True(string.CompareOrdinal(indicator.GetProperty("valid_until").GetString(), indicator.GetProperty("valid_from").GetString()) > 0);
    }

    [Fact]
    public void Pattern_GivenQuoteInUrl_EscapesIt()
    {
        Assert.Equal(@"[url:value = 'http://x.example/a\'b']", StixBundleExporter.Pattern(Ioc("http://x.example/a'b", IocType.Url)));
    }
}
