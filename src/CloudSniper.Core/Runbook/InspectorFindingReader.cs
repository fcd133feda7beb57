using System.Text.Json;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// Reads Inspector2 findings from ListFindings responses (<c>{"findings":[...]}</c>), EventBridge "Inspector2
/// Finding" events, bare findings and JSON arrays or lines of any of those. A bad record is reported and skipped.
/// </summary>
public static class InspectorFindingReader
{
    /// <summary>Reads the file at <paramref name="path"/> (gzip recognised by its magic bytes).</summary>
    public static (List<InspectorFinding> Findings, List<RecordError> Errors, long Bytes) ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return ReadStream(stream, path);
    }

    /// <summary>
    /// Reads one document (a file or an S3 object), gzip recognised by its magic bytes and checked as it is
    /// decompressed; a document larger than <paramref name="maxDecompressedBytes"/> (decompressed) is rejected whole
    /// with the limit named, without being held in memory past it.
    /// </summary>
    public static (List<InspectorFinding> Findings, List<RecordError> Errors, long Bytes) ReadStream(Stream stream, string path, long maxDecompressedBytes = GzipDecompressionStream.DefaultMaxDecompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDecompressedBytes);
        var magic = new byte[2];
        var magicLength = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        Stream content = new PrefixedStream(magic.AsMemory(0, magicLength), stream);
        using var gzip = DocumentReader.IsGzip(magic.AsSpan(0, magicLength)) ? new GzipDecompressionStream(content, maxDecompressedBytes) : null;
        using var plain = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = (gzip ?? content).Read(chunk)) > 0)
        {
            if (n > maxDecompressedBytes - plain.Length)
            {
                return ([], [new RecordError(path, null, null, $"document exceeds the limit of {maxDecompressedBytes} bytes (ingest.maxDecompressedBytes); it is skipped")], plain.Length + n);
            }

            plain.Write(chunk, 0, n);
        }

        if (gzip is { LimitExceeded: true })
        {
            return ([], [new RecordError(path, null, gzip.ErrorOffset, gzip.Error + "; it is skipped")], gzip.DecompressedBytes);
        }

        var (findings, errors) = Read(plain.GetBuffer().AsSpan(0, (int)plain.Length), path);
        if (gzip?.Error is { } fault)
        {
            errors.Add(new RecordError(path, null, gzip.ErrorOffset, $"{fault} ({gzip.DecompressedBytes} bytes decompressed before it; the records read up to there are kept)"));
        }

        return (findings, errors, plain.Length);
    }

    /// <summary>Reads findings from UTF-8 JSON.</summary>
    public static (List<InspectorFinding> Findings, List<RecordError> Errors) Read(ReadOnlySpan<byte> utf8, string source)
    {
        var findings = new List<InspectorFinding>();
        var errors = new List<RecordError>();
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            Visit(doc.RootElement, source, null, findings, errors);
            return (findings, errors);
        }
        catch (JsonException)
        {
            // Not one document: read it as JSON lines.
        }

        long line = 0;
        var rest = utf8;
        while (!rest.IsEmpty)
        {
            line++;
            var nl = rest.IndexOf((byte)'\n');
            var current = nl >= 0 ? rest[..nl] : rest;
            rest = nl >= 0 ? rest[(nl + 1)..] : [];
            current = current.Trim(" \t\r"u8);
            if (current.IsEmpty)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(current.ToArray());
                Visit(doc.RootElement, source, line, findings, errors);
            }
            catch (JsonException ex)
            {
                errors.Add(new RecordError(source, line, null, "invalid JSON: " + ex.Message));
            }
        }

        return (findings, errors);
    }

    private static void Visit(JsonElement e, string source, long? line, List<InspectorFinding> findings, List<RecordError> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Visit(item, source, line, findings, errors);
                }

                return;
            case JsonValueKind.Object:
                break;
            default:
                errors.Add(new RecordError(source, line, null, "record is not a JSON object"));
                return;
        }

        if (e.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            Visit(list, source, line, findings, errors);
            return;
        }

        if (e.TryGetProperty("detail-type", out var detailType))
        {
            if (detailType.GetString() != "Inspector2 Finding")
            {
                errors.Add(new RecordError(source, line, null, $"EventBridge event of detail-type '{detailType.GetString()}' is not an Inspector2 finding"));
                return;
            }

            if (!e.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new RecordError(source, line, null, "EventBridge event without a detail object"));
                return;
            }

            e = detail;
        }

        var id = Str(e, "findingArn");
        var severity = Str(e, "severity");
        if (id is null || severity is null)
        {
            errors.Add(new RecordError(source, line, null, "not an Inspector2 finding: findingArn or severity missing"));
            return;
        }

        string? imageId = null, instanceId = null, resourceType = null, region = null;
        if (e.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in resources.EnumerateArray())
            {
                resourceType ??= Str(r, "type");
                region ??= Str(r, "region");
                if (r.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                    && details.TryGetProperty("awsEc2Instance", out var ec2) && ec2.ValueKind == JsonValueKind.Object)
                {
                    imageId ??= Str(ec2, "imageId");
                    instanceId ??= Str(r, "id");
                    resourceType = Str(r, "type") ?? resourceType;
                }
            }
        }

        string? cve = null;
        if (e.TryGetProperty("packageVulnerabilityDetails", out var pvd) && pvd.ValueKind == JsonValueKind.Object)
        {
            cve = Str(pvd, "vulnerabilityId");
        }

        findings.Add(new InspectorFinding(id, Str(e, "title"), severity.ToUpperInvariant(), Str(e, "type"), imageId, instanceId, resourceType, cve, region, Str(e, "awsAccountId"), Str(e, "status"), Date(e, "updatedAt")));
    }

    private static DateTimeOffset? Date(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t
        : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var epoch) ? DateTimeOffset.UnixEpoch.AddSeconds(epoch)
        : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
