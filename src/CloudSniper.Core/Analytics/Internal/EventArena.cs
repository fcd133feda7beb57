namespace CloudSniper.Core.Analytics.Internal;

/// <summary>
/// Events of every pair in large blocks (64 Ki events, 1 MiB each), linked per pair: no allocation per pair or per
/// record, and nothing the garbage collector has to trace.
/// </summary>
internal sealed class EventArena
{
    private const int Shift = 16;
    private const int BlockSize = 1 << Shift;
    private readonly List<ConnectionEvent[]> blocks = [];
    private int count;

    public int Count => count;

    /// <summary>Bytes held by the blocks.</summary>
    public long AllocatedBytes => (long)blocks.Count * BlockSize * 16;

    public int Add(in ConnectionEvent e)
    {
        var index = count;
        var block = index >> Shift;
        if (block == blocks.Count)
        {
            blocks.Add(GC.AllocateUninitializedArray<ConnectionEvent>(BlockSize));
        }

        blocks[block][index & (BlockSize - 1)] = e;
        count++;
        return index;
    }

    public ref ConnectionEvent this[int index] => ref blocks[index >> Shift][index & (BlockSize - 1)];
}
