using CloudSniper.Core.Dns.Internal;

namespace CloudSniper.Core.Tests.Dns;

public sealed class DistinctSketchTests
{
    [Fact]
    public void Counts_are_exact_below_the_sketch_size_and_duplicates_do_not_count()
    {
        var sketch = new DistinctSketch();
        for (var i = 0; i < 250; i++)
        {
            sketch.Add(DistinctSketch.Hash($"label{i}"));
            sketch.Add(DistinctSketch.Hash($"label{i}"));
        }

        Assert.Equal(250, sketch.Estimate);
    }

    [Fact]
    public void Large_counts_are_estimated_within_the_sketch_error_and_merge_as_a_union()
    {
        var a = new DistinctSketch();
        var b = new DistinctSketch();
        for (var i = 0; i < 6000; i++)
        {
            a.Add(DistinctSketch.Hash($"n{i}"));
            b.Add(DistinctSketch.Hash($"n{i + 3000}"));
        }

        // 1/sqrt(255) is 6.3 %; three standard errors allowed.
        Assert.InRange(a.Estimate, 6000 * 0.81, 6000 * 1.19);
        a.Merge(b);
        Assert.InRange(a.Estimate, 9000 * 0.81, 9000 * 1.19);
    }
}
