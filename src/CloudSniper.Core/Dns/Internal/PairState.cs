namespace CloudSniper.Core.Dns.Internal;

/// <summary>
/// What is remembered of one (source, registered domain) pair: counts, a distinct-subdomain sketch and the query times,
/// all bounded. Compact, since a day of a fleet holds hundreds of thousands of pairs: the times and name lengths share
/// one array and the examples are fields, so a pair is two objects until it has subdomains (about 200 bytes).
/// </summary>
internal sealed class PairState(string source, string domain)
{
    public const int MaxExamples = 3;

    public string Source { get; } = source;

    public string Domain { get; } = domain;

    public long Queries;
    public long NxDomain;
    public long TunnelTypes;
    public long NameBytes;
    public long SubdomainQueries;
    public long SubdomainChars;
    public double EntropySum;
    public int LongestLabel;
    public uint First = uint.MaxValue;
    public uint Last;
    public bool TimesFull;

    public DistinctSketch? Subdomains;

    // Each event is a query time (high 32 bits), the entropy of the name's subdomain in quarter bits a character (bits
    // 16 to 23) and the length of the name asked for (low 16 bits), in arrival order.
    private ulong[]? _events;
    private string? _example0;
    private string? _example1;
    private string? _example2;

    /// <summary>Query times kept.</summary>
    public int TimeCount { get; private set; }

    /// <summary>The first few distinct names queried, in arrival order.</summary>
    public IReadOnlyList<string> Examples
    {
        get
        {
            var list = new List<string>(MaxExamples);
            foreach (var e in (ReadOnlySpan<string?>)[_example0, _example1, _example2])
            {
                if (e is not null)
                {
                    list.Add(e);
                }
            }

            return list;
        }
    }

    /// <summary>Remembers <paramref name="name"/> as an example unless it is one or there are enough.</summary>
    public void AddExample(string name)
    {
        if (_example0 is null)
        {
            _example0 = name;
        }
        else if (_example1 is null)
        {
            if (_example0 != name)
            {
                _example1 = name;
            }
        }
        else if (_example2 is null && _example0 != name && _example1 != name)
        {
            _example2 = name;
        }
    }

    /// <summary>The kept events (see <see cref="AddTime"/>).</summary>
    public ReadOnlySpan<ulong> Events => _events.AsSpan(0, TimeCount);

    /// <summary>Keeps a query time, the length of its name and its subdomain's entropy in quarter bits (at most 255).</summary>
    public void AddTime(uint time, ushort nameLength, byte entropyQuarterBits = 0)
    {
        _events ??= new ulong[2];
        if (TimeCount == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        _events[TimeCount++] = ((ulong)time << 32) | ((ulong)entropyQuarterBits << 16) | nameLength;
    }

    /// <summary>The kept query times, in arrival order.</summary>
    public uint[] Times()
    {
        var times = new uint[TimeCount];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = (uint)(_events![i] >> 32);
        }

        return times;
    }

    /// <summary>The lengths of the names of the kept queries, in arrival order.</summary>
    public double[] NameLengths()
    {
        var lengths = new double[TimeCount];
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = (ushort)_events![i];
        }

        return lengths;
    }
}
