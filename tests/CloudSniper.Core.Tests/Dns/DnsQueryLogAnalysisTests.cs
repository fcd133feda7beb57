using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.Dns;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Dns;

public sealed class DnsQueryLogAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Documents of generated entries: a tunnel, a beacon and background, spread over many small gzip objects.</summary>
    private static List<(string Name, byte[] Bytes)> Documents(int count)
    {
        var rng = new Random(7);
        var docs = new List<(string, byte[])>();
        for (var d = 0; d < count; d++)
        {
            var text = new StringBuilder();
            for (var i = 0; i < 400; i++)
            {
                var t = Start.AddSeconds((d * 400) + i);
                var host = $"10.0.0.{rng.Next(1, 30)}";
                var name = (i % 4) switch
                {
                    0 => $"{Label(rng, 45)}.t.tunnel-example.net",
                    1 => "update.beacon-example.com",
                    _ => $"www.site{rng.Next(40)}.com",
                };
                if (i % 4 == 0)
                {
                    host = "10.0.0.99";
                }

                text.Append($$$"""{"query_timestamp":"{{{t:yyyy-MM-dd'T'HH:mm:ss'Z'}}}","query_name":"{{{name}}}.","query_type":"{{{(i % 4 == 0 ? "TXT" : "A")}}}","rcode":"NOERROR","answers":[{"Rdata":"192.0.2.{{{rng.Next(1, 9)}}}","Type":"A","Class":"IN"}],"srcaddr":"{{{host}}}","srcids":{"instance":"i-{{{host.Replace(".", "", StringComparison.Ordinal)}}}"}}""").Append('\n');
            }

            if (d == 3)
            {
                text.Append("not json\n");
            }

            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
            }

            docs.Add(($"doc-{d:D3}.log.gz", buffer.ToArray()));
        }

        return docs;
    }

    private static string Label(Random rng, int length) => string.Create(length, rng, (s, r) =>
    {
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = "abcdefghijklmnopqrstuvwxyz234567"[r.Next(32)];
        }
    });

    private static async IAsyncEnumerable<InputDocument> AsDocuments(IEnumerable<(string Name, byte[] Bytes)> docs)
    {
        foreach (var (name, bytes) in docs)
        {
            await Task.Yield();
            yield return new InputDocument(name, _ => Task.FromResult<Stream>(new MemoryStream(bytes)));
        }
    }

    private static string Dump(DnsReport report) => JsonSerializer.Serialize(report);

    [Fact]
    public async Task Parallel_read_gives_the_report_of_a_sequential_one()
    {
        var docs = Documents(24);
        var sequential = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
        var sequentialErrors = new List<RecordError>();
        foreach (var (name, bytes) in docs)
        {
            ResolverQueryLogReader.Read(new MemoryStream(bytes), name, sequential.Add, sequentialErrors.Add, TestContext.Current.CancellationToken);
        }

        var expected = DnsAnalyzer.Analyze(sequential);
        Assert.Contains(expected.Detections, d => d.Kind == DnsDetectionKind.Tunnel && d.Domain == "tunnel-example.net");

        foreach (var parallelism in new[] { 1, 2, 4 })
        {
            var aggregator = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
            var errors = new List<RecordError>();
            var counters = await DnsQueryLogAnalysis.ReadAsync(AsDocuments(docs), aggregator, errors.Add, parallelism, TestContext.Current.CancellationToken);
            Assert.Equal(Dump(expected), Dump(DnsAnalyzer.Analyze(aggregator)));
            Assert.Equal(24, counters.Files);
            Assert.Equal((24 * 400) + 1, counters.Lines);
            Assert.Equal(24 * 400, counters.Queries);
            Assert.Equal(1, counters.Rejected);
            var error = Assert.Single(errors);
            Assert.Equal(sequentialErrors.Single(), error);
            Assert.Equal("doc-003.log.gz", error.Source);
            Assert.Equal(401, error.Line);
        }
    }

    [Fact]
    public async Task An_unreadable_document_is_reported_and_the_others_are_read()
    {
        var docs = Documents(3);
        async IAsyncEnumerable<InputDocument> WithBroken()
        {
            await foreach (var d in AsDocuments(docs.Take(1)))
            {
                yield return d;
            }

            yield return new InputDocument("gone.log.gz", _ => throw new FileNotFoundException("gone"));
            await foreach (var d in AsDocuments(docs.Skip(1)))
            {
                yield return d;
            }
        }

        var errors = new List<RecordError>();
        var result = await DnsQueryLogAnalysis.AnalyzeAsync(WithBroken(), new DnsOptions(), PublicSuffixList.Bundled, null, errors.Add, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(4, result.Counters.Files);
        Assert.Equal(1200, result.Counters.Queries);
        var error = Assert.Single(errors);
        Assert.Equal("gone.log.gz", error.Source);
        Assert.StartsWith("cannot be read", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_end_the_read_and_surface_as_thrown()
    {
        var docs = new List<InputDocument>
        {
            new("a", _ => Task.FromResult<Stream>(new MemoryStream(Documents(1)[0].Bytes))),
            new("b", _ => throw new UnauthorizedAccessException("denied")),
        };

        async IAsyncEnumerable<InputDocument> Each()
        {
            foreach (var d in docs)
            {
                await Task.Yield();
                yield return d;
            }
        }

        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => DnsQueryLogAnalysis.ReadAsync(Each(), new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled), _ => { }, 2, TestContext.Current.CancellationToken));
        Assert.Equal("denied", ex.Message);
    }
}
