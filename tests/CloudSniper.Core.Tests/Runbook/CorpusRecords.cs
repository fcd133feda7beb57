using System.Text.Json;
using CloudSniper.Core.Tests.CloudTrail;

namespace CloudSniper.Core.Tests.Runbook;

/// <summary>Every record of the shared CloudTrail corpora, read independently of the product with JsonDocument.</summary>
internal static class CorpusRecords
{
    public static List<(string File, JsonElement Record)> Load()
    {
        var records = new List<(string, JsonElement)>();
        foreach (var file in Directory.GetFiles(CorpusPaths.Stratus, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            records.AddRange(doc.RootElement.EnumerateArray().Select(e => (Path.GetFileNameWithoutExtension(file), e.Clone())));
        }

        foreach (var file in Directory.GetFiles(CorpusPaths.Otrf, "*.json"))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                records.Add((Path.GetFileNameWithoutExtension(file), doc.RootElement.Clone()));
            }
        }

        return records;
    }

    public static string? Str(this JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
