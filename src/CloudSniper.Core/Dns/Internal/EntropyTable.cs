namespace CloudSniper.Core.Dns.Internal;

/// <summary>
/// p · log2 p for every p = count / n with n below <see cref="Size"/>, computed once (64k logarithms, about a
/// millisecond) with the same expression as <see cref="Compute"/>, so a table entry and a computed term are the same
/// double: the entropy of a name costs additions instead of a logarithm per distinct character.
/// </summary>
internal static class EntropyTable
{
    /// <summary>Lengths below this are in the table.</summary>
    public const int Size = 256;

    /// <summary>The terms, at <c>n · Size + count</c>; 0 where count is 0 or above n.</summary>
    public static readonly double[] Terms = Build();

    /// <summary>p · log2 p for p = count / n; 0 for a count of 0.</summary>
    public static double Compute(int count, int n)
    {
        if (count == 0)
        {
            return 0;
        }

        var p = (double)count / n;
        return p * Math.Log2(p);
    }

    private static double[] Build()
    {
        var terms = new double[Size * Size];
        for (var n = 1; n < Size; n++)
        {
            for (var count = 1; count <= n; count++)
            {
                terms[(n * Size) + count] = Compute(count, n);
            }
        }

        return terms;
    }
}
