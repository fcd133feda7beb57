using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

/// <summary>Generates Resolver query logs for the detection tests: seeded, so every run sees the same queries.</summary>
internal sealed class QueryLogBuilder
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _rng = new(42);

    public List<ResolverQuery> Queries { get; } = [];

    public static string Host(int i) => $"10.0.{i / 250}.{(i % 250) + 1}";

    public void Add(string src, string name, double secondsFromStart, string type = "A", string rcode = "NOERROR", params string[] answers) =>
        Queries.Add(new ResolverQuery
        {
            Timestamp = Start.AddSeconds(secondsFromStart),
            Name = name,
            Type = type,
            Rcode = rcode,
            SrcAddr = src,
            InstanceId = "i-" + src.Replace(".", "", StringComparison.Ordinal).PadLeft(17, '0'),
            Answers = [.. answers.Select(a => new ResolverAnswer(a, "A", "IN"))],
        });

    /// <summary>Ordinary browsing: each of <paramref name="hosts"/> hosts resolves a few common names at random times over a day.</summary>
    public QueryLogBuilder Background(int hosts)
    {
        string[] names = ["www.example.com", "api.example.com", "mail.example.org", "login.example.net", "static.example.org", "docs.example.com"];
        for (var h = 0; h < hosts; h++)
        {
            for (var i = 0; i < 30; i++)
            {
                Add(Host(h), names[_rng.Next(names.Length)], _rng.NextDouble() * 86_400);
            }
        }

        return this;
    }

    /// <summary>A random string of <paramref name="length"/> characters from <paramref name="alphabet"/>.</summary>
    public string RandomLabel(int length, string alphabet = "abcdefghijklmnopqrstuvwxyz234567") =>
        string.Create(length, _rng, (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[rng.Next(alphabet.Length)];
            }
        });

    public double Next() => _rng.NextDouble();

    public DnsReport Analyze(DnsOptions? options = null, DomainIndicatorSet? iocs = null)
    {
        var aggregator = new DnsAggregator(options ?? new DnsOptions(), PublicSuffixList.Bundled, iocs);
        foreach (var q in Queries)
        {
            aggregator.Add(q);
        }

        return DnsAnalyzer.Analyze(aggregator);
    }
}
