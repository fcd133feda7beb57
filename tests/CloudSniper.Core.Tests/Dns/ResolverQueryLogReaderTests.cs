using System.IO.Compression;
using System.Text;
using CloudSniper.Core.Dns;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Dns;

public sealed class ResolverQueryLogReaderTests
{
    // The example entry of the Route 53 documentation ("Route 53 VPC Resolver query log example"), on one line.
    private const string DocumentedEntry =
        """{"srcaddr":"4.5.64.102","vpc_id":"vpc-7example","answers":[{"Rdata":"203.0.113.9","Type":"PTR","Class":"IN"}],"firewall_rule_group_id":"rslvr-frg-01234567890abcdef","firewall_rule_action":"BLOCK","query_name":"15.3.4.32.in-addr.arpa.","firewall_domain_list_id":"rslvr-fdl-01234567890abcdef","query_class":"IN","srcids":{"instance":"i-0d15cd0d3example"},"rcode":"NOERROR","query_type":"PTR","transport":"UDP","version":"1.100000","account_id":"111122223333","srcport":"56067","query_timestamp":"2021-02-04T17:51:55Z","region":"us-east-1"}""";

    [Fact]
    public void Documented_example_entry_is_read_field_by_field()
    {
        var (queries, errors, stats) = Read(Encoding.UTF8.GetBytes(DocumentedEntry + "\n"));
        Assert.Empty(errors);
        var q = Assert.Single(queries);
        Assert.Equal("1.100000", q.Version);
        Assert.Equal("111122223333", q.AccountId);
        Assert.Equal("us-east-1", q.Region);
        Assert.Equal("vpc-7example", q.VpcId);
        Assert.Equal(new DateTimeOffset(2021, 2, 4, 17, 51, 55, TimeSpan.Zero), q.Timestamp);
        Assert.Equal("15.3.4.32.in-addr.arpa", q.Name);
        Assert.Equal("PTR", q.Type);
        Assert.Equal("IN", q.Class);
        Assert.Equal("NOERROR", q.Rcode);
        Assert.Equal([new ResolverAnswer("203.0.113.9", "PTR", "IN")], q.Answers);
        Assert.Equal("4.5.64.102", q.SrcAddr);
        Assert.Equal(56067, q.SrcPort);
        Assert.Equal("UDP", q.Transport);
        Assert.Equal("i-0d15cd0d3example", q.InstanceId);
        Assert.Null(q.ResolverEndpoint);
        Assert.Equal("BLOCK", q.FirewallRuleAction);
        Assert.Equal("rslvr-frg-01234567890abcdef", q.FirewallRuleGroupId);
        Assert.Equal("rslvr-fdl-01234567890abcdef", q.FirewallDomainListId);
        Assert.Equal(new ResolverQueryReadStats(1, 1, 0), stats);
    }

    [Fact]
    public void Gzip_input_is_recognised_by_its_magic_bytes()
    {
        var plain = Encoding.UTF8.GetBytes(Line("a.example.com", "10.0.0.1") + "\n" + Line("b.example.com", "10.0.0.2") + "\n");
        var (queries, errors, _) = Read(Gzip(plain));
        Assert.Empty(errors);
        Assert.Equal(["a.example.com", "b.example.com"], queries.Select(q => q.Name));
    }

    [Fact]
    public void Bad_lines_are_rejected_with_their_line_and_reason_and_the_rest_is_read()
    {
        var text = string.Join("\n",
            Line("ok1.example.com", "10.0.0.1"),
            "{not json",
            """{"query_name":"x.example.com.","srcaddr":"10.0.0.1"}""",
            "",
            """{"query_name":"x.example.com.","srcaddr":"10.0.0.1","query_timestamp":"yesterday"}""",
            "garbage line",
            Line("ok2.example.com", "10.0.0.1")) + "\n";
        var (queries, errors, stats) = Read(Encoding.UTF8.GetBytes(text), "logs/q.log");
        Assert.Equal(["ok1.example.com", "ok2.example.com"], queries.Select(q => q.Name));
        Assert.Equal([2L, 3L, 5L, 6L], errors.Select(e => e.Line!.Value));
        Assert.All(errors, e => Assert.Equal("logs/q.log", e.Source));
        Assert.StartsWith("invalid JSON", errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("missing query_timestamp", errors[1].Reason);
        Assert.Contains("not an ISO 8601 time", errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not a query log entry", errors[3].Reason, StringComparison.Ordinal);
        Assert.Equal(new ResolverQueryReadStats(7, 2, 4), stats);
    }

    [Fact]
    public void CloudWatch_Logs_export_lines_carry_a_timestamp_before_the_entry()
    {
        var text = "2021-02-04T17:51:55.000Z " + Line("a.example.com", "10.0.0.1") + "\n1612461115000\t" + Line("b.example.com", "10.0.0.1") + "\n";
        var (queries, errors, _) = Read(Encoding.UTF8.GetBytes(text));
        Assert.Empty(errors);
        Assert.Equal(2, queries.Count);
    }

    [Fact]
    public void Truncated_gzip_keeps_the_entries_before_the_fault_and_reports_it()
    {
        var plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => Line($"n{i}.example.com", "10.0.0.1") + "\n")));
        var gz = Gzip(plain);
        var (queries, errors, _) = Read(gz[..(gz.Length - 10)]);
        Assert.NotEmpty(queries);
        Assert.Contains(errors, e => e.Reason.StartsWith("gzip:", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_are_lower_case_without_the_trailing_dot()
    {
        Assert.Equal("www.example.com", ResolverQueryLogReader.NormalizeName("WwW.Example.COM."));
        Assert.Equal("", ResolverQueryLogReader.NormalizeName("."));
    }

    [Fact]
    public void Resolver_endpoint_source_and_numeric_port_are_read()
    {
        var line = """{"query_timestamp":"2024-05-01T00:00:00Z","query_name":"a.example.com.","srcaddr":"192.0.2.7","srcport":53,"srcids":{"resolver_endpoint":"rslvr-in-0123456789abcdef"}}""";
        var q = ResolverQueryLogReader.ParseLine(Encoding.UTF8.GetBytes(line), out var error);
        Assert.Null(error);
        Assert.Equal("rslvr-in-0123456789abcdef", q!.ResolverEndpoint);
        Assert.Equal(53, q.SrcPort);
    }

    internal static string Line(string name, string src, string time = "2024-05-01T00:00:00Z", string type = "A", string rcode = "NOERROR") =>
        $$$"""{"version":"1.100000","account_id":"111122223333","region":"eu-west-1","vpc_id":"vpc-0example","query_timestamp":"{{{time}}}","query_name":"{{{name}}}.","query_type":"{{{type}}}","query_class":"IN","rcode":"{{{rcode}}}","answers":[],"srcaddr":"{{{src}}}","srcport":"40000","transport":"UDP","srcids":{"instance":"i-0example"}}""";

    private static byte[] Gzip(byte[] plain)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(plain);
        }

        return ms.ToArray();
    }

    private static (List<ResolverQuery> Queries, List<RecordError> Errors, ResolverQueryReadStats Stats) Read(byte[] bytes, string source = "test")
    {
        var queries = new List<ResolverQuery>();
        var errors = new List<RecordError>();
        var stats = ResolverQueryLogReader.Read(new MemoryStream(bytes), source, queries.Add, errors.Add, TestContext.Current.CancellationToken);
        return (queries, errors, stats);
    }
}
