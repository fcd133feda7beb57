using System.Text.Json;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class IocCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ioc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:kb.db" }, args);

    [Fact]
    public async Task Add_GivenPrivateAndPublicValues_RefusesThePrivateOnesAndExitsThree()
    {
        var run = await Sniper("ioc", "add", "45.33.1.1", "10.1.2.3", "192.0.2.9", "evil.example.net", "not a value");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refused: 10.1.2.3", run.Error, StringComparison.Ordinal);
        Assert.Contains("refused: 192.0.2.9", run.Error, StringComparison.Ordinal);
        var list = JsonDocument.Parse((await Sniper("ioc", "list", "--format", "json")).Out).RootElement;
        Assert.Equal(["45.33.1.1", "evil.example.net"], list.EnumerateArray().Select(e => e.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_GivenText_ListsOnlyMatchingValues()
    {
        await Sniper("ioc", "add", "45.33.1.1", "185.220.5.5", "c2.example.net");

        var run = await Sniper("ioc", "search", "example", "--format", "csv");

        var lines = run.Out.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("c2.example.net,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_GivenAddedValue_ForgetsItAndAuditsTheRemoval()
    {
        await Sniper("ioc", "add", "45.33.1.1");

        var removed = await Sniper("ioc", "remove", "45.33.1.1");
        var again = await Sniper("ioc", "remove", "45.33.1.1");

        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(3, again.ExitCode);
        Assert.Equal(2, (await Sniper("ioc", "show", "45.33.1.1")).ExitCode);
    }

    [Fact]
    public async Task Export_GivenExpiredIndicator_LeavesItOutUnlessAsked()
    {
        await Sniper("ioc", "add", "45.33.1.1", "--ttl-days", "30");
        await Sniper("ioc", "add", "185.220.5.5", "--ttl-days", "30");
        await Sniper("ioc", "add", "91.92.1.1", "--ttl-days", "0");

        var stix = JsonDocument.Parse((await Sniper("ioc", "export", "--format", "stix")).Out).RootElement;
        var patterns = stix.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("type").GetString() == "indicator").Select(o => o.GetProperty("pattern").GetString()).ToList();

        Assert.Equal(3, patterns.Count);
        Assert.Contains("[ipv4-addr:value = '45.33.1.1']", patterns);
    }

    [Fact]
    public async Task Export_GivenOutFile_WritesTheFeedThere()
    {
        await Sniper("ioc", "add", "45.33.1.1", "c2.example.net");

        var run = await Sniper("ioc", "export", "--format", "csv", "--out", "feed.csv");

        Assert.Equal(0, run.ExitCode);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_dir, "feed.csv"), TestContext.Current.CancellationToken);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task ListActiveAndExport_GivenAnIndicatorLastSeenLongerThanTheTtlAgo_LeaveItOut()
    {
        // Last seen in 2020: far more than the default iocTtlDays (90) before any clock this test runs under.
        var finding = """
            {"schemaVersion":"2.0","accountId":"123456789012","region":"eu-west-1","partition":"aws","id":"old-1","arn":"arn:aws:guardduty:eu-west-1:123456789012:detector/d1/finding/old-1","type":"UnauthorizedAccess:EC2/SSHBruteForce",
             "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0123456789abcdef0"}},
             "service":{"serviceName":"guardduty","detectorId":"d1","count":1,"eventFirstSeen":"2020-01-01T10:00:00.000Z","eventLastSeen":"2020-01-02T10:00:00.000Z",
               "action":{"actionType":"NETWORK_CONNECTION","networkConnectionAction":{"connectionDirection":"INBOUND","protocol":"TCP","localPortDetails":{"port":22},"remoteIpDetails":{"ipAddressV4":"45.33.20.7"}}}},
             "severity":5,"createdAt":"2020-01-01T10:00:00.000Z","updatedAt":"2020-01-02T10:00:00.000Z","title":"SSH brute force"}
            """.ReplaceLineEndings("");
        await File.WriteAllTextAsync(Path.Combine(_dir, "old.json"), finding, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await Sniper("ingest", "old.json")).ExitCode);
        await Sniper("ioc", "add", "185.220.5.5");

        var all = JsonDocument.Parse((await Sniper("ioc", "list", "--format", "json")).Out).RootElement;
        var active = JsonDocument.Parse((await Sniper("ioc", "list", "--active", "--format", "json")).Out).RootElement;
        var blocklist = (await Sniper("ioc", "export", "--format", "txt")).Out;

        Assert.Equal(["185.220.5.5", "45.33.20.7"], all.EnumerateArray().Select(e => e.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["185.220.5.5"], active.EnumerateArray().Select(e => e.GetProperty("value").GetString()));
        Assert.Contains("185.220.5.5", blocklist, StringComparison.Ordinal);
        Assert.DoesNotContain("45.33.20.7", blocklist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_GivenAPublicResolverOrAnAwsAddress_RefusesItWithoutForceAndSaysTheBundledSubsetIsUsed()
    {
        // 13.32.0.0/15 is a CloudFront prefix in AWS's published ip-ranges.json.
        var run = await Sniper("ioc", "add", "8.8.8.8", "1.1.1.1", "9.9.9.9", "208.67.222.222", "13.32.0.5", "45.33.1.1");

        Assert.Equal(3, run.ExitCode);
        foreach (var value in new[] { "8.8.8.8", "1.1.1.1", "9.9.9.9", "208.67.222.222", "13.32.0.5" })
        {
            Assert.Contains($"refused: {value} is ", run.Error, StringComparison.Ordinal);
        }

        Assert.Contains("bundled ip-ranges snapshot, a subset", run.Error, StringComparison.Ordinal);
        Assert.Contains("sniper ip-ranges refresh", run.Error, StringComparison.Ordinal);
        var list = JsonDocument.Parse((await Sniper("ioc", "list", "--format", "json")).Out).RootElement;
        Assert.Equal(["45.33.1.1"], list.EnumerateArray().Select(e => e.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Add_GivenAPublicResolverWithForce_AddsItWithAWarning()
    {
        var run = await Sniper("ioc", "add", "8.8.8.8", "--force");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: 8.8.8.8 is the public resolver Google Public DNS", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Sniper("ioc", "show", "8.8.8.8")).ExitCode);
    }
}
