using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CloudSniper.Bench.Analytics;

/// <summary>
/// A seeded day of Route 53 Resolver query logs from a fleet, written as AWS delivers them to S3: one gzip JSON-lines
/// object per five minutes under <c>AWSLogs/&lt;account&gt;/vpcdnsquerylogs/&lt;vpc-id&gt;/YYYY/MM/DD/</c>. Most queries
/// are ordinary browsing over a Zipf-distributed set of registered domains; beside it the traps a detector must not
/// fall for (AWS endpoints with bucket names, a CDN with hashed host names, a fleet-wide agent, reverse lookups) and
/// one tunnel, one beacon and one DGA source planted.
/// </summary>
internal static class DnsQueryLogGenerator
{
    public const string Account = "111122223333";
    public const string Vpc = "vpc-0a1b2c3d4e5f60718";
    public const string Region = "us-east-1";
    public const string TunnelDomain = "exfil-tunnel.net";
    public const string BeaconDomain = "c2-beacon.com";

    private const int FileSeconds = 300;

    public static readonly DateTime Day = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

    private readonly record struct Entry(int Time, int Host, string Name, string Type, string Rcode, string? Answer);

    /// <summary>The directory holding the day's objects (the prefix down to the day).</summary>
    public static string DayDirectory(string root) =>
        Path.Combine(root, "AWSLogs", Account, "vpcdnsquerylogs", Vpc, Day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));

    /// <summary>Writes the day for <paramref name="hosts"/> hosts, about <paramref name="queriesPerHost"/> ordinary queries each; returns the queries written.</summary>
    public static long Write(string root, int hosts, int queriesPerHost)
    {
        var rng = new Random(20261120);
        var entries = new List<Entry>(hosts * (queriesPerHost + 400));
        var domains = Domains(rng, 3000);
        string[] prefixes = ["www", "www", "www", "api", "cdn", "static", "img", "login", "", "", "mail", "auth"];
        var buckets = Enumerable.Range(0, 500).Select(i => $"{Word(rng)}-{Word(rng)}-{i}").ToArray();
        var cdn = Enumerable.Range(0, 2000).Select(_ => "d" + Random(rng, 13, "abcdefghijklmnopqrstuvwxyz0123456789")).ToArray();
        string[] endpoints = ["s3.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com", "ec2messages.us-east-1.amazonaws.com", "logs.us-east-1.amazonaws.com"];

        // Zipf's law over the domains: the cumulative weights of 1/rank.
        var cumulative = new double[domains.Length];
        double sum = 0;
        for (var i = 0; i < domains.Length; i++)
        {
            cumulative[i] = sum += 1.0 / (i + 1);
        }

        for (var h = 0; h < hosts; h++)
        {
            for (var q = 0; q < queriesPerHost; q++)
            {
                var t = rng.Next(86_400);
                var pick = rng.NextDouble();
                if (pick < 0.08)
                {
                    // AWS endpoints, with bucket names in the virtual-hosted style: many labels, whole fleet.
                    var name = rng.Next(3) == 0 ? $"{buckets[rng.Next(buckets.Length)]}.s3.us-east-1.amazonaws.com" : endpoints[rng.Next(endpoints.Length)];
                    entries.Add(new Entry(t, h, name, "A", "NOERROR", Address(rng)));
                }
                else if (pick < 0.12)
                {
                    entries.Add(new Entry(t, h, cdn[rng.Next(cdn.Length)] + ".cloudfront.net", "A", "NOERROR", Address(rng)));
                }
                else if (pick < 0.13)
                {
                    entries.Add(new Entry(t, h, $"{rng.Next(1, 255)}.{rng.Next(256)}.0.10.in-addr.arpa", "PTR", "NXDOMAIN", null));
                }
                else
                {
                    var d = domains[Math.Min(domains.Length - 1, Array.BinarySearch(cumulative, rng.NextDouble() * sum) is var i && i < 0 ? ~i : i)];
                    var p = prefixes[rng.Next(prefixes.Length)];
                    var type = rng.Next(10) < 7 ? "A" : "AAAA";
                    entries.Add(new Entry(t, h, p.Length == 0 ? d : $"{p}.{d}", type, "NOERROR", type == "A" ? Address(rng) : null));
                }
            }

            // A monitoring agent on every host, every five minutes with a little jitter.
            for (var t = rng.Next(300); t < 86_400; t += 300)
            {
                entries.Add(new Entry(Math.Min(86_399, t + rng.Next(3)), h, "collector.agent-telemetry.io", "A", "NOERROR", "52.1.2.3"));
            }
        }

        // The tunnel: base32 chunks under one domain, mostly TXT, from one host over two hours.
        var tunnelHost = 17 % hosts;
        for (var i = 0; i < 15_000; i++)
        {
            entries.Add(new Entry(36_000 + (i * 7200 / 15_000), tunnelHost, $"{Random(rng, 40 + rng.Next(20), "abcdefghijklmnopqrstuvwxyz234567")}.{i}.t.{TunnelDomain}", rng.Next(4) == 0 ? "A" : "TXT", "NOERROR", null));
        }

        // The beacon: one name every two minutes, all day.
        var beaconHost = 42 % hosts;
        for (var t = 60; t < 86_400; t += 120)
        {
            entries.Add(new Entry(t + rng.Next(2), beaconHost, "update." + BeaconDomain, "A", "NOERROR", "203.0.113.50"));
        }

        // The DGA: a host trying random .com domains, most of which do not exist.
        var dgaHost = 99 % hosts;
        for (var i = 0; i < 200; i++)
        {
            entries.Add(new Entry(50_000 + (i * 30), dgaHost, Random(rng, 12 + rng.Next(6), "abcdefghijklmnopqrstuvwxyz") + ".com", "A", rng.Next(10) < 9 ? "NXDOMAIN" : "NOERROR", null));
        }

        entries.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Host.CompareTo(b.Host));
        var dir = DayDirectory(root);
        Directory.CreateDirectory(dir);
        var line = new StringBuilder(512);
        var index = 0;
        for (var slot = 0; slot < 86_400 / FileSeconds; slot++)
        {
            var end = (slot + 1) * FileSeconds;
            var stamp = Day.AddSeconds(end).ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
            var path = Path.Combine(dir, $"{Account}_vpcdnsquerylogs_{Vpc}_{stamp}_{slot:x8}.log.gz");
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16);
            for (; index < entries.Count && entries[index].Time < end; index++)
            {
                var e = entries[index];
                Format(line, e, rng);
                writer.Write(line);
            }
        }

        return entries.Count;
    }

    /// <summary>One entry with every field AWS documents for an instance's query, as it writes them (names end with a dot).</summary>
    private static void Format(StringBuilder line, Entry e, Random rng)
    {
        var ts = Day.AddSeconds(e.Time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        line.Clear();
        line.Append(CultureInfo.InvariantCulture, $"{{\"version\":\"1.100000\",\"account_id\":\"{Account}\",\"region\":\"{Region}\",\"vpc_id\":\"{Vpc}\",\"query_timestamp\":\"{ts}\",\"query_name\":\"{e.Name}.\",\"query_type\":\"{e.Type}\",\"query_class\":\"IN\",\"rcode\":\"{e.Rcode}\",\"answers\":[");
        if (e.Answer is { } answer)
        {
            line.Append(CultureInfo.InvariantCulture, $"{{\"Rdata\":\"{answer}\",\"Type\":\"A\",\"Class\":\"IN\"}}");
        }

        line.Append(CultureInfo.InvariantCulture, $"],\"srcaddr\":\"{Host(e.Host)}\",\"srcport\":\"{rng.Next(32768, 61000)}\",\"transport\":\"UDP\",\"srcids\":{{\"instance\":\"i-{e.Host + 0x0a00000000000000L:x17}\"}}}}\n");
    }

    public static string Host(int i) => $"10.0.{i / 250}.{(i % 250) + 1}";

    private static string Address(Random rng) => $"{rng.Next(1, 224)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}";

    private static string[] Domains(Random rng, int count)
    {
        string[] tlds = ["com", "com", "com", "net", "org", "io", "de"];
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (set.Count < count)
        {
            set.Add($"{Word(rng)}{(rng.Next(2) == 0 ? Word(rng) : "")}.{tlds[rng.Next(tlds.Length)]}");
        }

        return [.. set];
    }

    private static string Word(Random rng)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ra", "to", "shop", "net", "cloud", "data", "web", "soft", "news", "star", "blue", "go", "app", "box", "hub", "line"];
        var n = 1 + rng.Next(3);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            sb.Append(syllables[rng.Next(syllables.Length)]);
        }

        return sb.ToString();
    }

    private static string Random(Random rng, int length, string alphabet) =>
        string.Create(length, rng, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
}
