using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class BeaconsLongConnectionsCommandTests : IDisposable
{
    private const long T0 = 1_763_600_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-long-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_ssh_session_logged_in_ten_minute_records_for_nine_hours_is_a_medium_long_connection()
    {
        var text = new StringBuilder("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        for (var t = T0; t < T0 + (9 * 3600); t += 600)
        {
            text.Append(CultureInfo.InvariantCulture, $"2 123456789012 eni-0a1b2c3d 10.0.0.5 198.51.100.9 40000 22 6 10 1000 {t} {t + 600} ACCEPT OK\n");
        }

        // A short connection elsewhere, under the base threshold.
        text.Append(CultureInfo.InvariantCulture, $"2 123456789012 eni-0a1b2c3d 10.0.0.6 203.0.113.7 41000 443 6 10 1000 {T0} {T0 + 600} ACCEPT OK\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "flows.log"), text.ToString(), TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log", "--long-connections", "--format", "json", "--no-record", "--store", "sqlite:kb.db");

        Assert.Equal(0, run.ExitCode);
        var c = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal("10.0.0.5", c.GetProperty("src").GetString());
        Assert.Equal("198.51.100.9", c.GetProperty("dst").GetString());
        Assert.Equal("medium", c.GetProperty("level").GetString());
        Assert.Equal(9 * 3600, c.GetProperty("totalSeconds").GetInt64());
        Assert.Equal(1, c.GetProperty("connections").GetInt32());
        Assert.Equal(22, c.GetProperty("ports")[0].GetProperty("port").GetInt32());
        Assert.Contains("long connections 1 (high 0, medium 1, low 0, base 0)", run.Error, StringComparison.Ordinal);

        // Without the flag, the beacons output is unchanged and the summary points at the flag.
        var beacons = await CliRun.Run(_dir, null, "beacons", "flows.log", "--format", "json", "--no-record", "--store", "sqlite:kb.db");
        Assert.Equal(0, beacons.ExitCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(beacons.Out).RootElement.ValueKind);
        Assert.Contains("--long-connections lists them", beacons.Error, StringComparison.Ordinal);
    }
}
