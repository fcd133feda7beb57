using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Response.Owners;

namespace CloudSniper.Cli.Hosting;

/// <summary>
/// Reads the finding files given to <c>sniper respond</c> and <c>sniper playbooks explain</c>: CloudTrail
/// "AWS API Call via CloudTrail" events become owner-tag requests; everything else goes to the registered finding
/// <see cref="DocumentReader"/> (format detected from the first 64 KiB). Bad records are reported and skipped.
/// </summary>
internal static class FindingInput
{
    private const int SniffBytes = DocumentReader.DetectionWindow;

    // CloudTrail events given here are parsed as one document; a delivery file is a few MiB, so 256 MiB is generous.
    private const int MaxCloudTrailBytes = 256 << 20;

    /// <summary>What the files held.</summary>
    internal sealed record Result(List<Finding> Findings, List<OwnerTagRequest> OwnerEvents, List<string> Errors, int IgnoredEvents);

    public static Result Read(IEnumerable<string> paths, string currentDirectory, CancellationToken cancellationToken)
    {
        var list = paths.ToList();
        LocalInputs.RequireMatches(list, currentDirectory);
        var result = new Result([], [], [], 0);
        var ignored = 0;
        foreach (var path in list)
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(currentDirectory, path);
            if (!File.Exists(full))
            {
                result.Errors.Add($"{path}: no such file");
                continue;
            }

            // Only the head is read to tell CloudTrail events from findings; findings are streamed to the parsers.
            var head = ReadHead(full, out var gzipError);
            if (gzipError is not null)
            {
                result.Errors.Add($"{path}: not a valid gzip file: {gzipError}");
                continue;
            }

            if (head.AsSpan().IndexOf("AWS API Call via CloudTrail"u8) >= 0)
            {
                var events = Decompressed(full, out var error);
                if (error is not null)
                {
                    result.Errors.Add($"{path}: {error}");
                }

                ignored += ReadCloudTrail(events, path, result);
                continue;
            }

            using var stream = File.OpenRead(full);
            foreach (var record in DocumentReader.Read(stream, path, null, cancellationToken))
            {
                if (record.Finding is { } finding)
                {
                    result.Findings.Add(finding);
                }
                else if (record.Error is { } error)
                {
                    result.Errors.Add(error.ToString());
                }
            }
        }

        return result with { IgnoredEvents = ignored };
    }

    private static byte[] ReadHead(string path, out string? gzipError)
    {
        using var file = File.OpenRead(path);
        var (head, _, error) = DocumentReader.ReadDecompressed(file, SniffBytes);

        // A fault after some data is reported by the reader that streams the file, with the records before it kept.
        gzipError = head.Length == 0 ? error : null;
        return head;
    }

    private static byte[] Decompressed(string path, out string? error)
    {
        using var file = File.OpenRead(path);
        var (bytes, more, gzipError) = DocumentReader.ReadDecompressed(file, MaxCloudTrailBytes);
        error = more ? $"larger than {MaxCloudTrailBytes} bytes decompressed; it is skipped" : gzipError;
        return more ? [] : bytes;
    }

    private static int ReadCloudTrail(byte[] bytes, string path, Result result)
    {
        var ignored = 0;
        var documents = new List<(JsonElement Element, long Line)>();
        try
        {
            using var whole = JsonDocument.Parse(bytes);
            if (whole.RootElement.ValueKind == JsonValueKind.Array)
            {
                documents.AddRange(whole.RootElement.EnumerateArray().Select((e, i) => (e.Clone(), (long)i + 1)));
            }
            else
            {
                documents.Add((whole.RootElement.Clone(), 1));
            }
        }
        catch (JsonException)
        {
            // JSON lines: one event a line.
            var lineNo = 0L;
            for (ReadOnlyMemory<byte> rest = bytes; !rest.IsEmpty;)
            {
                lineNo++;
                var nl = rest.Span.IndexOf((byte)'\n');
                var line = nl >= 0 ? rest[..nl] : rest;
                rest = nl >= 0 ? rest[(nl + 1)..] : ReadOnlyMemory<byte>.Empty;
                if (line.Span.Trim(" \t\r"u8).IsEmpty)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    documents.Add((doc.RootElement.Clone(), lineNo));
                }
                catch (JsonException ex)
                {
                    result.Errors.Add(new RecordError(path, lineNo, null, "not JSON: " + ex.Message).ToString());
                }
            }
        }

        foreach (var (element, _) in documents)
        {
            if (CloudTrailOwnerEvents.Read(element, out _) is { } request)
            {
                result.OwnerEvents.Add(request);
            }
            else
            {
                ignored++;
            }
        }

        return ignored;
    }
}
