using System.Text;
using CloudSniper.Core.Dns.Internal;

namespace CloudSniper.Core.Tests.Dns.Internal;

public sealed class Utf8StringPoolTests
{
    [Fact]
    public void The_same_bytes_give_the_same_string()
    {
        var pool = new Utf8StringPool(16);
        var a = pool.Get("10.0.0.1"u8);
        var b = pool.Get(Encoding.ASCII.GetBytes("10.0.0.1"));
        Assert.Equal("10.0.0.1", a);
        Assert.Same(a, b);
        Assert.NotSame(a, pool.Get("10.0.0.2"u8));
    }

    [Fact]
    public void The_transform_is_applied_once_and_to_values_not_pooled()
    {
        var pool = new Utf8StringPool(16, s => s.ToUpperInvariant());
        Assert.Equal("ABC", pool.Get("abc"u8));
        Assert.Equal("XYZ", pool.Transform("xyz"));
        Assert.Null(pool.Transform(null));
    }

    [Fact]
    public void Long_and_non_ascii_values_are_not_pooled()
    {
        var pool = new Utf8StringPool(16);
        Assert.Null(pool.Get(Encoding.ASCII.GetBytes(new string('a', Utf8StringPool.MaxLength + 1))));
        Assert.NotNull(pool.Get(Encoding.ASCII.GetBytes(new string('a', Utf8StringPool.MaxLength))));
        Assert.Null(pool.Get("bücher.example"u8));
    }

    [Fact]
    public void A_full_pool_starts_over_and_still_gives_right_values()
    {
        var pool = new Utf8StringPool(4);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"name-{i}", pool.Get(Encoding.ASCII.GetBytes($"name-{i}")));
        }

        Assert.Equal("name-7", pool.Get("name-7"u8));
    }
}
