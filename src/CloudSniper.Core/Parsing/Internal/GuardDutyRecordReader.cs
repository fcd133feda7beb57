using System.Text;
using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Maps GuardDuty records onto <see cref="Finding"/> with one forward pass of a <see cref="Utf8JsonReader"/>
/// (no DOM, no reflection). A record is a bare finding (camelCase or PascalCase), an EventBridge
/// "GuardDuty Finding" event, a GetFindings page, or an array of findings.
/// </summary>
internal sealed partial class GuardDutyRecordReader
{
    private const int NameBuffer = 64;
    private const string EventDetailType = "GuardDuty Finding";

    private readonly FindingBuilder _top = new();
    private readonly FindingBuilder _inner = new();
    private string _source = "";
    private JsonRecord _record;

    /// <summary>Reads one record, adding a result per finding it holds (or one error).</summary>
    public void Read(JsonRecord record, string source, List<ParseResult> results)
    {
        _source = source;
        _record = record;
        if (RecordGuard.Check(record, source) is { } rejected)
        {
            results.Add(ParseResult.Fail(rejected));
            return;
        }

        var data = record.Data.Span;
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadTopObject(ref reader, data, results);
                    break;
                case JsonTokenType.StartArray:
                    ReadFindingArray(ref reader, data, results);
                    break;
                default:
                    results.Add(Fail(JsonValues.WrongType("record", "a GuardDuty finding object", reader.TokenType).Message));
                    reader.Skip();
                    break;
            }

            // Anything after the record is an error the reader reports here.
            reader.Read();
        }
        catch (JsonException ex)
        {
            results.Add(ParseResult.Fail(RecordGuard.FromJsonException(record, source, ex)));
        }
        catch (RecordFormatException ex)
        {
            results.Add(Fail(ex.Message));
        }
    }

    private ParseResult Fail(string reason) => ParseResult.Fail(new RecordError(_source, _record.Line, _record.Offset, reason));

    private string Origin => $"{_source}:{_record.Line}";

    private void ReadTopObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<ParseResult> results)
    {
        var top = _top;
        top.Reset();
        string? detailType = null;
        ParseResult? detail = null;
        var page = false;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "detail-type":
                    detailType = JsonValues.String(ref reader);
                    break;
                case "detail" when reader.TokenType == JsonTokenType.StartObject:
                    // Read before the detail-type may be known: a bad detail is an error only if this is a finding event.
                    detail = ReadEmbeddedFinding(ref reader, data);
                    break;
                case "findings" when reader.TokenType == JsonTokenType.StartArray:
                    page = true;
                    ReadFindingArray(ref reader, data, results);
                    break;
                default:
                    ReadFindingProperty(ref reader, top, name);
                    break;
            }
        }

        if (detailType is not null)
        {
            if (!string.Equals(detailType, EventDetailType, StringComparison.Ordinal))
            {
                results.Add(Fail($"EventBridge event \"{detailType}\" is not a GuardDuty finding"));
            }
            else
            {
                results.Add(detail ?? Fail("EventBridge \"GuardDuty Finding\" event without a detail object"));
            }

            return;
        }

        if (detail is { } alone)
        {
            results.Add(alone);
        }
        else if (!page)
        {
            Validate(top);
            results.Add(ParseResult.Ok(top.Build(FindingSource.GuardDuty, Encoding.UTF8.GetString(data), Origin)));
        }
    }

    private void ReadFindingArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, List<ParseResult> results)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                results.Add(ReadEmbeddedFinding(ref reader, data));
            }
            else
            {
                results.Add(Fail(JsonValues.WrongType("findings[]", "a finding object", reader.TokenType).Message));
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a finding nested in the record; a bad one becomes an error and the rest of the record goes on.</summary>
    private ParseResult ReadEmbeddedFinding(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var start = (int)reader.TokenStartIndex;
        var depth = reader.CurrentDepth;
        var b = _inner;
        b.Reset();
        try
        {
            ReadFindingObject(ref reader, b);
            Validate(b);
        }
        catch (RecordFormatException ex)
        {
            while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            {
                reader.Read();
            }

            return Fail(ex.Message);
        }

        var raw = Encoding.UTF8.GetString(data[start..(int)reader.BytesConsumed]);
        return ParseResult.Ok(b.Build(FindingSource.GuardDuty, raw, Origin));
    }

    private static void Validate(FindingBuilder b)
    {
        if (string.IsNullOrWhiteSpace(b.Id))
        {
            throw new RecordFormatException("not a GuardDuty finding: missing \"id\"");
        }

        if (string.IsNullOrWhiteSpace(b.Type))
        {
            throw new RecordFormatException($"finding {b.Id}: missing \"type\"");
        }
    }

    private static void ReadFindingObject(ref Utf8JsonReader reader, FindingBuilder b)
    {
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            ReadFindingProperty(ref reader, b, name);
        }
    }

    private static void ReadFindingProperty(ref Utf8JsonReader reader, FindingBuilder b, scoped ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "id":
                b.Id = JsonValues.StrictString(ref reader, "id");
                break;
            case "type":
                b.Type = JsonValues.StrictString(ref reader, "type");
                break;
            case "severity":
                var severity = JsonValues.StrictDouble(ref reader, "severity") ?? 0;
                if (severity is < 0 or > 10)
                {
                    throw new RecordFormatException($"severity: {severity} is outside GuardDuty's 0–10 scale");
                }

                b.Severity = severity;
                break;
            case "accountId":
                b.AccountId = JsonValues.String(ref reader);
                break;
            case "region":
                b.Region = JsonValues.String(ref reader);
                break;
            case "partition":
                b.Partition = JsonValues.String(ref reader);
                break;
            case "title":
                b.Title = JsonValues.String(ref reader);
                break;
            case "description":
                b.Description = JsonValues.String(ref reader);
                break;
            case "createdAt":
                b.CreatedAt = JsonValues.StrictDate(ref reader, "createdAt");
                break;
            case "updatedAt":
                b.UpdatedAt = JsonValues.StrictDate(ref reader, "updatedAt");
                break;
            case "arn":
                var arn = JsonValues.String(ref reader);
                b.Partition ??= AwsNames.PartitionOf(arn);
                break;
            case "resource":
                ReadResource(ref reader, b);
                break;
            case "service":
                ReadService(ref reader, b);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>Reads an array of strings, skipping anything else.</summary>
    private static List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        List<string>? values = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonValues.String(ref reader) is { Length: > 0 } value)
            {
                (values ??= []).Add(value);
            }
        }

        return values;
    }

    /// <summary>Moves to the next object of an array (skipping anything else); false at the end of the array.</summary>
    private static bool NextObject(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>True when the value is an object; anything else is skipped (nested fields are read leniently).</summary>
    private static bool IsObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>True when the value is an array; anything else is skipped.</summary>
    private static bool IsArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        reader.Skip();
        return false;
    }
}
