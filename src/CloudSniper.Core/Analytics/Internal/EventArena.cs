namespace CloudSniper.Core.Analytics.Internal;

/// <summary>
/// Events of every pair, in arrival order, in large blocks (64 Ki events, 1 MiB each): no allocation per pair or per
/// record, nothing the garbage collector has to trace, and blocks released one by one once copied out.
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

    /// <summary>The filled part of block <paramref name="block"/>.</summary>
    public ReadOnlySpan<ConnectionEvent> Block(int block) =>
        blocks[block].AsSpan(0, Math.Min(BlockSize, count - (block << Shift)));

    public int BlockCount => blocks.Count;

    /// <summary>Drops every block (after they were copied out); the arena is not used again.</summary>
    public void Release() => blocks.Clear();
}
