using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.Dns.Internal;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Dns;

/// <summary>
/// Streams Route 53 Resolver query logs: one JSON object a line as AWS delivers them to S3 or Firehose, plain or
/// gzip (recognised by its magic bytes), or a CloudWatch Logs export of them, where each line is a timestamp and then
/// the JSON message. A bad line is reported with its source, line and reason and the rest is read; memory is bounded
/// by the longest line.
/// </summary>
public static class ResolverQueryLogReader
{
    /// <summary>Lines longer than this are rejected (an entry with a few answers is well under 2 KiB).</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int InitialBuffer = 64 * 1024;

    /// <summary>Reads every entry of <paramref name="stream"/> (left open) into <paramref name="onQuery"/>; rejects go to <paramref name="onError"/>.</summary>
    public static ResolverQueryReadStats Read(Stream stream, string source, Action<ResolverQuery> onQuery, Action<RecordError> onError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onQuery);
        ArgumentNullException.ThrowIfNull(onError);
        var magic = new byte[2];
        var n = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        Stream content = new PrefixedStream(magic.AsMemory(0, n), stream);
        if (!DocumentReader.IsGzip(magic.AsSpan(0, n)))
        {
            return ReadLines(content, source, onQuery, onError, cancellationToken);
        }

        using var gzip = new GzipDecompressionStream(content);
        var stats = ReadLines(gzip, source, onQuery, onError, cancellationToken);
        if (gzip.Error is { } error)
        {
            onError(new RecordError(source, null, gzip.ErrorOffset, $"gzip: {error} ({gzip.DecompressedBytes} bytes decompressed before it; the entries read up to there are kept)"));
            return stats with { Rejected = stats.Rejected + 1 };
        }

        return stats;
    }

    /// <summary>
    /// Parses one line: a JSON entry, or a CloudWatch Logs export line (a timestamp, then the entry). Returns the
    /// query, or null with the reason it was rejected; a blank line gives neither.
    /// </summary>
    public static ResolverQuery? ParseLine(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        line = line.Trim(" \t\r\n"u8);
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        if (line.IsEmpty)
        {
            return null;
        }

        if (line[0] != (byte)'{')
        {
            // A CloudWatch Logs export (and `aws logs filter-log-events` text output) puts the event's timestamp before the message.
            var brace = line.IndexOf((byte)'{');
            var prefix = brace < 0 ? line : line[..brace];
            if (brace < 0 || !IsTimestampPrefix(prefix))
            {
                error = $"not a query log entry (a JSON object, or a timestamp and one): starts with \"{Excerpt(line)}\"";
                return null;
            }

            line = line[brace..];
        }

        try
        {
            return ParseEntry(line, out error);
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON: {FirstSentence(ex.Message)}";
            return null;
        }
        catch (InvalidOperationException ex)
        {
            error = $"invalid value: {FirstSentence(ex.Message)}";
            return null;
        }
    }

    private static ResolverQueryReadStats ReadLines(Stream input, string source, Action<ResolverQuery> onQuery, Action<RecordError> onError, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        long lines = 0, queries = 0, rejected = 0, consumed = 0;
        int start = 0, end = 0;
        var eof = false;
        var skipping = false;
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0 || (eof && start < end))
                {
                    var length = newline >= 0 ? newline : end - start;
                    var lineStart = consumed;
                    if (!skipping)
                    {
                        lines++;
                        Deliver(buffer.AsSpan(start, length), lineStart);
                    }

                    skipping = false;
                    start += newline >= 0 ? length + 1 : length;
                    consumed += newline >= 0 ? length + 1 : length;
                    continue;
                }

                if (eof)
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    if (buffer.Length >= MaxLineBytes)
                    {
                        // Too long to be an entry: reject it once and drop bytes up to its end.
                        if (!skipping)
                        {
                            lines++;
                            rejected++;
                            onError(new RecordError(source, lines, consumed, $"line longer than {MaxLineBytes / 1024} KiB; skipped"));
                            skipping = true;
                        }

                        consumed += end;
                        end = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxLineBytes));
                        buffer.AsSpan(0, end).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var read = input.Read(buffer, end, buffer.Length - end);
                if (read <= 0)
                {
                    eof = true;
                }
                else
                {
                    end += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ResolverQueryReadStats(lines, queries, rejected);

        void Deliver(ReadOnlySpan<byte> text, long offset)
        {
            var query = ParseLine(text, out var error);
            if (query is not null)
            {
                queries++;
                onQuery(query);
            }
            else if (error is not null)
            {
                rejected++;
                onError(new RecordError(source, lines, offset, error));
            }
        }
    }

    private static ResolverQuery? ParseEntry(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "not a JSON object";
            return null;
        }

        var pools = ParsePools.Current;
        DateTimeOffset timestamp = default;
        string? version = null, account = null, region = null, vpc = null, name = null, type = null, cls = null, rcode = null;
        string? src = null, transport = null, instance = null, endpoint = null, action = null, group = null, list = null, when = null;
        int? port = null;
        List<ResolverAnswer>? answers = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader;
            reader.Read();
            if (key.ValueTextEquals("query_name"u8))
            {
                name = Pooled(ref reader, pools.Names);
            }
            else if (key.ValueTextEquals("query_timestamp"u8))
            {
                // The layout AWS writes, 2021-02-04T17:51:55Z, read straight from the bytes; anything else goes through the general parser.
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && TryParseUtcSeconds(reader.ValueSpan, out var fast))
                {
                    timestamp = fast;
                    when = "";
                }
                else
                {
                    when = Text(ref reader);
                }
            }
            else if (key.ValueTextEquals("srcaddr"u8))
            {
                src = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("query_type"u8))
            {
                type = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("rcode"u8))
            {
                rcode = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("srcport"u8))
            {
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length is > 0 and <= 5
                    && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out int quick, out var used) && used == reader.ValueSpan.Length && quick <= 65535 && reader.ValueSpan[0] is >= (byte)'0' and <= (byte)'9')
                {
                    port = quick;
                    continue;
                }

                var p = Text(ref reader);
                if (p is not null)
                {
                    if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed > 65535)
                    {
                        error = $"srcport \"{p}\" is not a port";
                        return null;
                    }

                    port = parsed;
                }
            }
            else if (key.ValueTextEquals("srcids"u8))
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var inner = reader;
                        reader.Read();
                        if (inner.ValueTextEquals("instance"u8))
                        {
                            instance = Pooled(ref reader, pools.Values);
                        }
                        else if (inner.ValueTextEquals("resolver_endpoint"u8))
                        {
                            endpoint = Pooled(ref reader, pools.Values);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (key.ValueTextEquals("answers"u8))
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    answers = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            error = "answers must hold objects with Rdata, Type and Class";
                            return null;
                        }

                        string? rdata = null, atype = null, aclass = null;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                        {
                            var inner = reader;
                            reader.Read();
                            if (inner.ValueTextEquals("Rdata"u8))
                            {
                                rdata = Pooled(ref reader, pools.Answers);
                            }
                            else if (inner.ValueTextEquals("Type"u8))
                            {
                                atype = Pooled(ref reader, pools.Values);
                            }
                            else if (inner.ValueTextEquals("Class"u8))
                            {
                                aclass = Pooled(ref reader, pools.Values);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }

                        answers.Add(new ResolverAnswer(rdata ?? "", atype ?? "", aclass ?? ""));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (key.ValueTextEquals("version"u8))
            {
                version = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("account_id"u8))
            {
                account = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("region"u8))
            {
                region = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("vpc_id"u8))
            {
                vpc = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("query_class"u8))
            {
                cls = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("transport"u8))
            {
                transport = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("firewall_rule_action"u8))
            {
                action = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("firewall_rule_group_id"u8))
            {
                group = Pooled(ref reader, pools.Values);
            }
            else if (key.ValueTextEquals("firewall_domain_list_id"u8))
            {
                list = Pooled(ref reader, pools.Values);
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the object is not one entry a line.
        if (reader.Read())
        {
            error = "more than one JSON value on the line";
            return null;
        }

        if (name is null || when is null || src is null)
        {
            error = "missing " + string.Join(", ", new[] { name is null ? "query_name" : null, when is null ? "query_timestamp" : null, src is null ? "srcaddr" : null }.Where(m => m is not null));
            return null;
        }

        if (when.Length > 0 && !TryParseTime(when, out timestamp))
        {
            error = $"query_timestamp \"{when}\" is not an ISO 8601 time";
            return null;
        }

        return new ResolverQuery
        {
            Version = version,
            AccountId = account,
            Region = region,
            VpcId = vpc,
            Timestamp = timestamp,
            Name = name,
            Type = type ?? "",
            Class = cls,
            Rcode = rcode ?? "",
            Answers = answers is null ? [] : answers,
            SrcAddr = src,
            SrcPort = port,
            Transport = transport,
            InstanceId = instance,
            ResolverEndpoint = endpoint,
            FirewallRuleAction = action,
            FirewallRuleGroupId = group,
            FirewallDomainListId = list,
        };
    }

    /// <summary>The name in lower case without the trailing dot of a fully qualified name (the root stays empty).</summary>
    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        foreach (var c in trimmed)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return trimmed.ToLowerInvariant();
            }
        }

        return trimmed;
    }

    /// <summary>The value as <see cref="Text"/> gives it, from <paramref name="pool"/> when it is a plain ASCII string.</summary>
    private static string? Pooled(ref Utf8JsonReader reader, Utf8StringPool pool) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && pool.Get(reader.ValueSpan) is { } pooled
            ? pooled
            : pool.Transform(Text(ref reader));

    /// <summary>
    /// Parses exactly <c>yyyy-MM-ddTHH:mm:ssZ</c>; false for anything else (fractions, offsets, out-of-range fields),
    /// which the general parser then reads.
    /// </summary>
    internal static bool TryParseUtcSeconds(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;

        static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int number)
        {
            number = 0;
            for (var i = at; i < at + count; i++)
            {
                var d = s[i] - '0';
                if ((uint)d > 9)
                {
                    return false;
                }

                number = (number * 10) + d;
            }

            return true;
        }
    }

    private static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => SkipValue(ref reader),
    };

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static bool IsTimestampPrefix(ReadOnlySpan<byte> prefix)
    {
        var text = Encoding.UTF8.GetString(prefix.Trim(" \t"u8));
        if (text.Length == 0)
        {
            return false;
        }

        // Epoch milliseconds, as `aws logs get-log-events` gives them, or an ISO 8601 time as the export writes it.
        return (text.All(char.IsAsciiDigit) && text.Length >= 10) || TryParseTime(text, out _);
    }

    private static string Excerpt(ReadOnlySpan<byte> line) => Escaping.ErrorPreview.Of(line);

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }
}
