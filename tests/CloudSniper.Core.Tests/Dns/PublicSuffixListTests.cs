using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

public sealed class PublicSuffixListTests
{
    /// <summary>
    /// The checkPublicSuffix cases of the Public Suffix List's own tests (tests/test_psl.txt, public domain), against
    /// the bundled list. The list's "cy" and "om" wildcard examples became explicit rules; the upstream file moved
    /// those cases to "mm" (a wildcard) and "ck" (a wildcard and an exception), pinned here as it has them.
    /// </summary>
    [Theory]
    [InlineData("COM", null)]
    [InlineData("example.COM", "example.com")]
    [InlineData("WwW.example.COM", "example.com")]
    [InlineData(".com", null)]
    [InlineData(".example", null)]
    [InlineData(".example.com", null)]
    [InlineData(".example.example", null)]
    [InlineData("example", null)]
    [InlineData("example.example", "example.example")]
    [InlineData("b.example.example", "example.example")]
    [InlineData("a.b.example.example", "example.example")]
    [InlineData("biz", null)]
    [InlineData("domain.biz", "domain.biz")]
    [InlineData("b.domain.biz", "domain.biz")]
    [InlineData("a.b.domain.biz", "domain.biz")]
    [InlineData("com", null)]
    [InlineData("example.com", "example.com")]
    [InlineData("b.example.com", "example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("uk.com", null)]
    [InlineData("example.uk.com", "example.uk.com")]
    [InlineData("b.example.uk.com", "example.uk.com")]
    [InlineData("a.b.example.uk.com", "example.uk.com")]
    [InlineData("test.ac", "test.ac")]
    [InlineData("mm", null)]
    [InlineData("c.mm", null)]
    [InlineData("b.c.mm", "b.c.mm")]
    [InlineData("a.b.c.mm", "b.c.mm")]
    [InlineData("jp", null)]
    [InlineData("test.jp", "test.jp")]
    [InlineData("www.test.jp", "test.jp")]
    [InlineData("ac.jp", null)]
    [InlineData("test.ac.jp", "test.ac.jp")]
    [InlineData("www.test.ac.jp", "test.ac.jp")]
    [InlineData("kyoto.jp", null)]
    [InlineData("test.kyoto.jp", "test.kyoto.jp")]
    [InlineData("ide.kyoto.jp", null)]
    [InlineData("b.ide.kyoto.jp", "b.ide.kyoto.jp")]
    [InlineData("a.b.ide.kyoto.jp", "b.ide.kyoto.jp")]
    [InlineData("c.kobe.jp", null)]
    [InlineData("b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("a.b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("city.kobe.jp", "city.kobe.jp")]
    [InlineData("www.city.kobe.jp", "city.kobe.jp")]
    [InlineData("ck", null)]
    [InlineData("test.ck", null)]
    [InlineData("b.test.ck", "b.test.ck")]
    [InlineData("a.b.test.ck", "b.test.ck")]
    [InlineData("www.ck", "www.ck")]
    [InlineData("www.www.ck", "www.ck")]
    [InlineData("us", null)]
    [InlineData("test.us", "test.us")]
    [InlineData("www.test.us", "test.us")]
    [InlineData("ak.us", null)]
    [InlineData("test.ak.us", "test.ak.us")]
    [InlineData("www.test.ak.us", "test.ak.us")]
    [InlineData("k12.ak.us", null)]
    [InlineData("test.k12.ak.us", "test.k12.ak.us")]
    [InlineData("www.test.k12.ak.us", "test.k12.ak.us")]
    [InlineData("xn--85x722f.com.cn", "xn--85x722f.com.cn")]
    [InlineData("xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn")]
    [InlineData("xn--55qx5d.cn", null)]
    [InlineData("xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s")]
    [InlineData("www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s")]
    [InlineData("shishi.xn--fiqs8s", "shishi.xn--fiqs8s")]
    [InlineData("xn--fiqs8s", null)]
    public void Bundled_list_gives_the_registered_domain_of_the_published_test_vectors(string name, string? expected)
    {
        Assert.Equal(expected, PublicSuffixList.Bundled.RegisteredDomain(name));
    }

    [Fact]
    public void Null_input_has_no_registered_domain()
    {
        Assert.Null(PublicSuffixList.Bundled.RegisteredDomain(null));
    }

    [Theory]
    [InlineData("my-bucket.s3.amazonaws.com", "my-bucket.s3.amazonaws.com")]
    [InlineData("d111111abcdef8.cloudfront.net", "d111111abcdef8.cloudfront.net")]
    [InlineData("ec2.eu-west-1.amazonaws.com", "amazonaws.com")]
    public void Private_section_rules_make_each_bucket_and_distribution_its_own_domain(string name, string expected)
    {
        // The list's PRIVATE DOMAINS section holds s3.amazonaws.com and cloudfront.net: each bucket and distribution
        // is then a registered domain of its own, not thousands of labels under one.
        Assert.Equal(expected, PublicSuffixList.Bundled.RegisteredDomain(name));
    }

    [Fact]
    public void A_list_of_its_own_applies_wildcards_and_exceptions()
    {
        var list = PublicSuffixList.Parse(new StringReader("// comment\n\nexample\n*.wild.example\n!keep.wild.example\n"));
        Assert.Equal(3, list.Rules);
        Assert.Equal("a.example", list.RegisteredDomain("x.a.example"));
        Assert.Null(list.RegisteredDomain("b.wild.example"));
        Assert.Equal("c.b.wild.example", list.RegisteredDomain("d.c.b.wild.example"));
        Assert.Equal("keep.wild.example", list.RegisteredDomain("www.keep.wild.example"));
    }
}
