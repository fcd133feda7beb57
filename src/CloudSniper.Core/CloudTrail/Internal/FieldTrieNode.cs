using System.Text;
using System.Text.Json;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>One level of the registered field paths: property name to child, compared on UTF-8 bytes without allocating.</summary>
internal sealed class FieldTrieNode(int fieldId)
{
    private byte[][] _names = [];
    private FieldTrieNode[] _children = [];

    /// <summary>The field id ending at this node, or -1.</summary>
    public int FieldId { get; set; } = fieldId;

    public bool HasChildren => _children.Length > 0;

    public FieldTrieNode GetOrAdd(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i].AsSpan().SequenceEqual(bytes))
            {
                return _children[i];
            }
        }

        var child = new FieldTrieNode(-1);
        _names = [.. _names, bytes];
        _children = [.. _children, child];
        return child;
    }

    /// <summary>The child named by the property name the reader is on, or null.</summary>
    public FieldTrieNode? Find(ref Utf8JsonReader reader)
    {
        var names = _names;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var span = reader.ValueSpan;
            for (var i = 0; i < names.Length; i++)
            {
                if (span.SequenceEqual(names[i]))
                {
                    return _children[i];
                }
            }

            return null;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return _children[i];
            }
        }

        return null;
    }
}
