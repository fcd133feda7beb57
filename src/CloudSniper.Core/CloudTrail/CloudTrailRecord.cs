using System.Text.Json;

namespace CloudSniper.Core.CloudTrail;

/// <summary>
/// One CloudTrail record as the reader hands it over: the values of the registered fields and the raw JSON.
/// The reader reuses the instance for the next record: read what you need inside the callback.
/// </summary>
public sealed class CloudTrailRecord
{
    private readonly FieldValue[] _first;
    private readonly int[] _counts;
    private readonly List<FieldValue>?[] _more;
    private readonly bool[] _present;
    private readonly List<int> _touched = [];

    /// <summary>Creates an empty record for the fields of <paramref name="fields"/>.</summary>
    public CloudTrailRecord(CloudTrailFieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
        _first = new FieldValue[fields.Count];
        _counts = new int[fields.Count];
        _more = new List<FieldValue>?[fields.Count];
        _present = new bool[fields.Count];
    }

    /// <summary>The field set the values are indexed by.</summary>
    public CloudTrailFieldSet Fields { get; }

    /// <summary>The file (or other input) the record came from.</summary>
    public string Source { get; internal set; } = "";

    /// <summary>Byte offset of the record in the (decompressed) input.</summary>
    public long Offset { get; internal set; }

    /// <summary>1-based line of the record for JSON lines input, else null.</summary>
    public long? Line { get; internal set; }

    /// <summary>The record's JSON (the <c>detail</c> object of an EventBridge envelope); valid only during the callback.</summary>
    public ReadOnlyMemory<byte> Json { get; internal set; }

    /// <summary>Whether the path of <paramref name="fieldId"/> exists in the record (with any value, null included).</summary>
    public bool Has(int fieldId) => _present[fieldId];

    /// <summary>How many scalar values the path has (more than one when it crosses arrays).</summary>
    public int CountOf(int fieldId) => _counts[fieldId];

    /// <summary>The <paramref name="index"/>-th scalar value of the path.</summary>
    public FieldValue ValueAt(int fieldId, int index) => index == 0 ? _first[fieldId] : _more[fieldId]![index - 1];

    /// <summary>The first string (or number/boolean text) at the path, or null when absent or null.</summary>
    public string? Text(int fieldId) => _counts[fieldId] > 0 ? _first[fieldId].Text : null;

    /// <summary>The record's time: <c>eventTime</c>, else the Logstash <c>@timestamp</c>.</summary>
    public DateTimeOffset? Time
    {
        get
        {
            var text = Text(StandardFields.EventTime) ?? Text(StandardFields.Timestamp);
            return text is not null && Internal.EventTimeParser.TryParse(text, out var t) ? t : null;
        }
    }

    /// <summary>The JSON text of the record, decoded (for display of a detection).</summary>
    public string JsonText() => System.Text.Encoding.UTF8.GetString(Json.Span);

    internal void Clear()
    {
        foreach (var id in _touched)
        {
            _counts[id] = 0;
            _present[id] = false;
            _more[id]?.Clear();
        }

        _touched.Clear();
    }

    internal void MarkPresent(int fieldId)
    {
        if (!_present[fieldId])
        {
            _present[fieldId] = true;
            _touched.Add(fieldId);
        }
    }

    internal void Add(int fieldId, JsonValueKind kind, string? text)
    {
        MarkPresent(fieldId);
        var n = _counts[fieldId];
        if (n == 0)
        {
            _first[fieldId] = new FieldValue(kind, text);
        }
        else
        {
            (_more[fieldId] ??= []).Add(new FieldValue(kind, text));
        }

        _counts[fieldId] = n + 1;
    }
}
