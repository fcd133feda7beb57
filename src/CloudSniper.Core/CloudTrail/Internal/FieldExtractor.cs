using System.Text.Json;

namespace CloudSniper.Core.CloudTrail.Internal;

/// <summary>
/// Walks one record's JSON once with <see cref="Utf8JsonReader"/>, descending only into registered paths and
/// skipping everything else. Recognises the two wrappers a record can arrive in: the S3 delivery file's
/// <c>Records</c> array and the EventBridge envelope's <c>detail</c>.
/// </summary>
internal sealed class FieldExtractor(CloudTrailFieldSet fields)
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip };
    private readonly StringPool _pool = new();

    /// <summary>Reads <paramref name="json"/> (one object) into <paramref name="record"/>.</summary>
    public ExtractResult Extract(ReadOnlySpan<byte> json, CloudTrailRecord record, List<Range> nestedRecords)
    {
        record.Clear();
        var r = new Utf8JsonReader(json, Options);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return new ExtractResult(ExtractKind.NotAnObject, null, default);
        }

        var root = fields.Root;
        var envelope = false;
        var wrapper = false;
        string? detailType = null;
        Range detail = default;
        var detailSeen = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("Records"u8))
            {
                r.Read();
                if (r.TokenType == JsonTokenType.StartArray)
                {
                    wrapper = true;
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        var start = (int)r.TokenStartIndex;
                        r.Skip();
                        nestedRecords.Add(start..(int)r.BytesConsumed);
                    }
                }
                else
                {
                    r.Skip();
                }

                continue;
            }

            if (r.ValueTextEquals("detail-type"u8))
            {
                r.Read();
                envelope = true;
                detailType = r.TokenType == JsonTokenType.String ? r.GetString() : null;
                r.Skip();
                continue;
            }

            if (r.ValueTextEquals("detail"u8))
            {
                r.Read();
                if (r.TokenType == JsonTokenType.StartObject)
                {
                    record.Clear();
                    var start = (int)r.TokenStartIndex;
                    ReadObject(ref r, root, record);
                    detail = start..(int)r.BytesConsumed;
                    detailSeen = true;
                    envelope = true;
                }
                else
                {
                    r.Skip();
                }

                continue;
            }

            if (envelope || wrapper)
            {
                r.Read();
                r.Skip();
                continue;
            }

            var child = root.Find(ref r);
            r.Read();
            if (child is null)
            {
                r.Skip();
            }
            else
            {
                ReadValue(ref r, child, record);
            }
        }

        if (wrapper)
        {
            return new ExtractResult(ExtractKind.RecordsWrapper, null, default);
        }

        if (envelope)
        {
            if (detailType is not null && !detailType.EndsWith("via CloudTrail", StringComparison.OrdinalIgnoreCase))
            {
                return new ExtractResult(ExtractKind.NotCloudTrail, detailType, default);
            }

            return detailSeen
                ? new ExtractResult(ExtractKind.Envelope, detailType, detail)
                : new ExtractResult(ExtractKind.EnvelopeWithoutDetail, detailType, default);
        }

        return new ExtractResult(ExtractKind.Record, null, default);
    }

    private void ReadObject(ref Utf8JsonReader r, FieldTrieNode node, CloudTrailRecord record)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var child = node.Find(ref r);
            r.Read();
            if (child is null)
            {
                r.Skip();
            }
            else
            {
                ReadValue(ref r, child, record);
            }
        }
    }

    private void ReadValue(ref Utf8JsonReader r, FieldTrieNode node, CloudTrailRecord record)
    {
        var id = node.FieldId;
        switch (r.TokenType)
        {
            case JsonTokenType.StartObject:
                if (id >= 0)
                {
                    record.MarkPresent(id);
                }

                if (node.HasChildren)
                {
                    ReadObject(ref r, node, record);
                }
                else
                {
                    r.Skip();
                }

                break;
            case JsonTokenType.StartArray:
                if (id >= 0)
                {
                    record.MarkPresent(id);
                }

                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    ReadValue(ref r, node, record);
                }

                break;
            case JsonTokenType.String when id >= 0:
                record.Add(id, JsonValueKind.String, ReadString(ref r, id));
                break;
            case JsonTokenType.Number when id >= 0:
                record.Add(id, JsonValueKind.Number, _pool.Get(r.ValueSpan));
                break;
            case JsonTokenType.True when id >= 0:
                record.Add(id, JsonValueKind.True, "true");
                break;
            case JsonTokenType.False when id >= 0:
                record.Add(id, JsonValueKind.False, "false");
                break;
            case JsonTokenType.Null when id >= 0:
                record.Add(id, JsonValueKind.Null, null);
                break;
            default:
                break;
        }
    }

    private string ReadString(ref Utf8JsonReader r, int id)
    {
        if (fields.IsPooled(id))
        {
            return r.ValueIsEscaped || r.HasValueSequence ? _pool.Get(r.GetString().AsSpan()) : _pool.Get(r.ValueSpan);
        }

        return r.GetString()!;
    }
}
