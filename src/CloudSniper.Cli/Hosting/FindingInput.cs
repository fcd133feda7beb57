using System.IO.Compression;
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
                ignored += ReadCloudTrail(Decompressed(full), path, result);
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
        gzipError = null;
        using var file = File.OpenRead(path);
        Stream source = file;
        var magic = new byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        if (n == 2 && DocumentReader.IsGzip(magic))
        {
            source = new GZipStream(file, CompressionMode.Decompress);
        }

        var buffer = new byte[SniffBytes];
        var total = 0;
        try
        {
            int read;
            while (total < buffer.Length && (read = source.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }
        }
        catch (InvalidDataException ex)
        {
            gzipError = ex.Message;
        }
        finally
        {
            if (!ReferenceEquals(source, file))
            {
                source.Dispose();
            }
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    private static byte[] Decompressed(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!DocumentReader.IsGzip(bytes))
        {
            return bytes;
        }

        using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gz.CopyTo(plain);
        return plain.ToArray();
    }

    private static int ReadCloudTrail(byte[] bytes, string path, Result result)
    {
        var ignored = 0;
        var documents = new List<(JsonElement Element, long Line)>();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        try
        {
            using var whole = JsonDocument.Parse(text);
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
            foreach (var line in text.Split('\n'))
            {
                lineNo++;
                if (line.Trim().Length == 0)
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
