using System.Text;
using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

/// <summary>The reader's fast paths (pooled strings, the AWS timestamp layout, the plain port) give what the general path gives.</summary>
public sealed class ResolverQueryFastPathTests
{
    private static ResolverQuery Parse(string line)
    {
        var q = ResolverQueryLogReader.ParseLine(Encoding.UTF8.GetBytes(line), out var error);
        Assert.Null(error);
        return q!;
    }

    [Theory]
    [InlineData("2021-02-04T17:51:55Z", 2021, 2, 4, 17, 51, 55)]
    [InlineData("2024-02-29T23:59:59Z", 2024, 2, 29, 23, 59, 59)]
    [InlineData("0001-01-01T00:00:00Z", 1, 1, 1, 0, 0, 0)]
    public void The_AWS_timestamp_layout_is_read_from_the_bytes(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(ResolverQueryLogReader.TryParseUtcSeconds(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")] // not a leap year
    [InlineData("2021-13-04T17:51:55Z")]
    [InlineData("2021-02-04T24:00:00Z")]
    [InlineData("2021-02-04T17:60:55Z")]
    [InlineData("2021-02-04T17:51:60Z")]
    [InlineData("2021-02-04T17:51:55.123Z")]
    [InlineData("2021-02-04T17:51:55+01:00")]
    [InlineData("2021-02-04 17:51:55Z")]
    [InlineData("2021-0a-04T17:51:55Z")]
    public void Anything_else_is_left_to_the_general_parser(string text) =>
        Assert.False(ResolverQueryLogReader.TryParseUtcSeconds(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void A_timestamp_with_an_offset_still_parses_through_the_general_path()
    {
        var q = Parse("""{"query_timestamp":"2021-02-04T18:51:55.5+01:00","query_name":"a.example.com.","srcaddr":"10.0.0.1"}""");
        Assert.Equal(new DateTimeOffset(2021, 2, 4, 17, 51, 55, 500, TimeSpan.Zero), q.Timestamp);
    }

    [Fact]
    public void A_leap_second_is_rejected_as_before()
    {
        var q = ResolverQueryLogReader.ParseLine("""{"query_timestamp":"2016-12-31T23:59:60Z","query_name":"a.example.com.","srcaddr":"10.0.0.1"}"""u8, out var error);
        Assert.Null(q);
        Assert.Contains("query_timestamp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_values_are_the_same_string_and_equal_to_what_was_written()
    {
        const string line = """{"query_timestamp":"2021-02-04T17:51:55Z","query_name":"WWW.Example.COM.","query_type":"A","srcaddr":"10.0.0.1","srcids":{"instance":"i-0abc"},"answers":[{"Rdata":"192.0.2.1","Type":"A","Class":"IN"}]}""";
        var a = Parse(line);
        var b = Parse(line);
        Assert.Equal("www.example.com", a.Name);
        Assert.Equal("10.0.0.1", a.SrcAddr);
        Assert.Equal("i-0abc", a.InstanceId);
        Assert.Equal("192.0.2.1", a.Answers[0].Rdata);
        Assert.Same(a.Name, b.Name);
        Assert.Same(a.SrcAddr, b.SrcAddr);
        Assert.Same(a.InstanceId, b.InstanceId);
    }

    [Fact]
    public void Escaped_and_long_values_are_decoded_and_normalised_as_before()
    {
        var label = new string('q', 150);
        var q = Parse($$"""{"query_timestamp":"2021-02-04T17:51:55Z","query_name":"{{label}}.Example.com.","query_type":"\u0054XT","srcaddr":"10.0.0.1"}""");
        Assert.Equal(label + ".example.com", q.Name);
        Assert.Equal("TXT", q.Type);
        var escaped = Parse("""{"query_timestamp":"2021-02-04T17:51:55Z","query_name":"\u0041.example.com.","srcaddr":"10.0.0.1"}""");
        Assert.Equal("a.example.com", escaped.Name);
    }

    [Theory]
    [InlineData("\"0\"", 0)]
    [InlineData("\"65535\"", 65535)]
    [InlineData("53", 53)]
    public void Ports_are_read_as_numbers(string json, int port) =>
        Assert.Equal(port, Parse($$"""{"query_timestamp":"2021-02-04T17:51:55Z","query_name":"a.example.com.","srcaddr":"10.0.0.1","srcport":{{json}}}""").SrcPort);

    [Theory]
    [InlineData("\"65536\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"+5\"")]
    [InlineData("\"5x\"")]
    public void Ports_that_are_not_ports_are_rejected(string json)
    {
        var q = ResolverQueryLogReader.ParseLine(Encoding.UTF8.GetBytes($$"""{"query_timestamp":"2021-02-04T17:51:55Z","query_name":"a.example.com.","srcaddr":"10.0.0.1","srcport":{{json}}}"""), out var error);
        Assert.Null(q);
        Assert.Contains("srcport", error, StringComparison.Ordinal);
    }
}
