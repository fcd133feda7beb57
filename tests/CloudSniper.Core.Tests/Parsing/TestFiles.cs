using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Parsing;

/// <summary>Finds the repository's test data and samples, and turns documents into the shapes parsers must read.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CloudSniper.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string SamplesDir => Path.Combine(RepoRoot, "samples");

    public static string TestData(string relative) =>
        Path.Combine(RepoRoot, "tests", "CloudSniper.Core.Tests", "TestData", relative);

    /// <summary>The text of one GuardDuty family's finding (bare, camelCase).</summary>
    public static string GuardDuty(string family) => File.ReadAllText(TestData(Path.Combine("guardduty", family + ".json")));

    public static IEnumerable<string> GuardDutyFamilies() =>
        Directory.EnumerateFiles(TestData("guardduty"), "*.json").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static List<ParseResult> Parse(IFindingParser parser, string text, string source = "test.json") =>
        [.. parser.Parse(Utf8(text), source)];

    public static List<ParseResult> Read(byte[] data, string source = "test", string? format = null) =>
        [.. DocumentReader.Read(new MemoryStream(data), source, format, CancellationToken.None)];

    public static List<Finding> Findings(this IEnumerable<ParseResult> results) =>
        [.. results.Where(r => r.Finding is not null).Select(r => r.Finding!)];

    public static List<RecordError> Errors(this IEnumerable<ParseResult> results) =>
        [.. results.Where(r => r.Error is not null).Select(r => r.Error!)];

    /// <summary>A single finding with no errors, or a failing assertion that shows the errors.</summary>
    public static Finding Single(this List<ParseResult> results)
    {
        Assert.Empty(results.Errors().Select(e => e.ToString()));
        return Assert.Single(results.Findings());
    }

    /// <summary>Compact (one-line) JSON of a document.</summary>
    public static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    /// <summary>The same document with every property name in PascalCase, as SDK dumps write it.</summary>
    public static string Pascal(string json) => ToPascal(JsonNode.Parse(json))!.ToJsonString();

    /// <summary>A finding wrapped in an EventBridge "GuardDuty Finding" event.</summary>
    public static string EventBridge(string finding, string detailType = "GuardDuty Finding") =>
        $$"""{"version":"0","id":"6f3e2c1a-9b8d-4e7f-a6c5-0d1e2f3a4b5c","detail-type":"{{detailType}}","source":"aws.guardduty","account":"123456789012","time":"2024-06-03T11:40:07Z","region":"us-east-1","resources":[],"detail":{{finding}}}""";

    private static JsonNode? ToPascal(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..]] = ToPascal(value?.DeepClone());
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => ToPascal(item?.DeepClone()))]);
            default:
                return node?.DeepClone();
        }
    }
}
