using System.Text.Json;
using CloudSniper.Cli.Output;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Output;

public sealed class DataWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-tables-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Samples => Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "findings");

    private static Dictionary<string, string> Width(int columns) => new() { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private async Task IngestSamplesAsync()
    {
        var ingest = await CliRun.Run(_dir, null, "ingest", Samples, "-q");
        Assert.Equal(0, ingest.ExitCode);
    }

    private async Task<List<string>> IdsAsync(string field, params string[] list)
    {
        var json = await CliRun.Run(_dir, null, [.. list, "--format", "json"]);
        return JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Select(e => e.GetProperty(field).GetString()!).ToList();
    }

    [Theory]
    [InlineData(80, "findings")]
    [InlineData(120, "findings")]
    [InlineData(80, "incidents")]
    [InlineData(120, "incidents")]
    [InlineData(80, "ioc")]
    [InlineData(120, "ioc")]
    public async Task List_AsATable_FitsTheTerminalAndPrintsEveryShortIdWholeOnOneLine(int columns, string noun)
    {
        await IngestSamplesAsync();
        var field = noun == "ioc" ? "value" : "id";
        var ids = await IdsAsync(field, noun, "list");
        Assert.NotEmpty(ids);

        var table = await CliRun.Run(_dir, Width(columns), noun, "list");

        Assert.Equal(0, table.ExitCode);
        var lines = table.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= columns, $"{l.Length} > {columns}: {l}"));
        foreach (var id in ids.Where(i => i.Length <= columns / 2))
        {
            Assert.Contains(lines, l => l.Contains($" {id} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FindingsList_WhenColumnsAreLeftOut_SaysWhichAndWhereToFindThem()
    {
        await IngestSamplesAsync();

        var table = await CliRun.Run(_dir, Width(80), "findings", "list");

        Assert.Contains("left out to fit 80 columns:", table.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("Type", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("…", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("findings", "id")]
    [InlineData("incidents", "id")]
    [InlineData("ioc", "value")]
    public async Task Show_GivenAnIdCopiedFromTheTable_FindsIt(string noun, string field)
    {
        await IngestSamplesAsync();
        var table = await CliRun.Run(_dir, Width(80), noun, "list");
        var ids = await IdsAsync(field, noun, "list");
        var copied = ids.First(id => table.Out.Contains($" {id} ", StringComparison.Ordinal));

        var show = await CliRun.Run(_dir, null, noun, "show", copied);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains(copied, show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_GivenMoreThanFits_KeepsWholeColumnsAtFullWidthAndDropsTheHighestDropFirst()
    {
        Column<string[]>[] columns =
        [
            new("Id", r => r[0], Whole: true),
            new("Text", r => r[1]),
            new("Extra", r => r[2], Drop: 1),
            new("Noise", r => r[3], Drop: 2),
        ];
        List<string[]> cells = [[new string('a', 32), new string('t', 60), new string('e', 10), new string('n', 10)]];

        var layout = DataWriter.Layout(columns, cells, 80);

        Assert.Equal([0, 1, 2], layout.Select(l => l.Index));
        Assert.Equal(32, layout[0].Width);
        Assert.True(layout.Sum(l => l.Width + 3) + 1 <= 80);
    }

    [Fact]
    public void Layout_GivenRoom_GivesEveryColumnItsWidestCell()
    {
        Column<string[]>[] columns = [new("Id", r => r[0], Whole: true), new("Text", r => r[1], Drop: 1)];
        List<string[]> cells = [["abc", "a longer text cell"]];

        var layout = DataWriter.Layout(columns, cells, 160);

        Assert.Equal([(0, 3), (1, 18)], layout);
    }
}
