using System.Text.Json;
using CloudSniper.Core.Exports;
using static CloudSniper.Core.Tests.Exports.ExportTestData;

namespace CloudSniper.Core.Tests.Exports;

public class FindingExporterTests
{
    [Fact]
    public async Task Ocsf_GivenFinding_WritesADetectionFindingWithTheRequiredAttributes()
    {
        var text = await Export(s => new OcsfExporter().WriteAsync(Async(Finding()), s, Now));

        var e = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal(2004, e.GetProperty("class_uid").GetInt32());
        Assert.Equal(2, e.GetProperty("category_uid").GetInt32());
        Assert.Equal(200401, e.GetProperty("type_uid").GetInt32());
        Assert.Equal(3, e.GetProperty("severity_id").GetInt32());
        Assert.Equal(Now.AddHours(-1).ToUnixTimeMilliseconds(), e.GetProperty("time").GetInt64());
        Assert.Equal("4ab1c2", e.GetProperty("finding_info").GetProperty("uid").GetString());
        Assert.Equal("123456789012", e.GetProperty("cloud").GetProperty("account").GetProperty("uid").GetString());
        Assert.Equal("45.33.12.9", e.GetProperty("observables")[0].GetProperty("value").GetString());
        Assert.Equal("Initial Access", e.GetProperty("attacks")[0].GetProperty("tactic").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Asff_GivenFinding_WritesEveryRequiredAttribute()
    {
        var text = await Export(s => new AsffExporter().WriteAsync(Async(Finding()), s, Now));

        var f = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("Findings").EnumerateArray());
        foreach (var name in new[] { "SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources" })
        {
            Assert.True(f.TryGetProperty(name, out _), $"missing {name}");
        }

        Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default", f.GetProperty("ProductArn").GetString());
        Assert.Equal("MEDIUM", f.GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce", f.GetProperty("Types")[0].GetString());
        Assert.Equal("AwsEc2Instance", f.GetProperty("Resources")[0].GetProperty("Type").GetString());
        Assert.Equal("IN", f.GetProperty("Network").GetProperty("Direction").GetString());
    }
}
