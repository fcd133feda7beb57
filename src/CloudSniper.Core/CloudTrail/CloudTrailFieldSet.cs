using CloudSniper.Core.CloudTrail.Internal;

namespace CloudSniper.Core.CloudTrail;

/// <summary>
/// The dotted field paths to extract from every record (the review's own fields plus every field a rule
/// names), each under a small integer id. Arrays are transparent: <c>resources.ARN</c> yields the ARN of every
/// element of <c>resources</c>. Register every path before reading; the set is then read-only.
/// </summary>
public sealed class CloudTrailFieldSet
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];
    private readonly List<bool> _pooled = [];

    internal FieldTrieNode Root { get; } = new(-1);

    /// <summary>How many paths are registered.</summary>
    public int Count => _paths.Count;

    /// <summary>The path registered under <paramref name="id"/>.</summary>
    public string PathOf(int id) => _paths[id];

    internal bool IsPooled(int id) => _pooled[id];

    /// <summary>
    /// Registers <paramref name="path"/> (or returns its existing id). <paramref name="pooled"/> marks fields with few
    /// distinct values (event names, user agents), whose strings are shared instead of allocated per record.
    /// </summary>
    public int Register(string path, bool pooled = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (_ids.TryGetValue(path, out var existing))
        {
            _pooled[existing] |= pooled;
            return existing;
        }

        var id = _paths.Count;
        _paths.Add(path);
        _pooled.Add(pooled);
        _ids[path] = id;
        var node = Root;
        foreach (var part in path.Split('.'))
        {
            node = node.GetOrAdd(part);
        }

        node.FieldId = id;
        return id;
    }

    /// <summary>The id of a registered path, or -1.</summary>
    public int Find(string path) => _ids.TryGetValue(path, out var id) ? id : -1;
}
