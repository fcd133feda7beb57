using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>The JSON form of a runbook report (schema: <c>schemas/runbook-report.schema.json</c>): camelCase properties, nulls written, dictionary keys as they are.</summary>
public static class ReportJson
{
    /// <summary>The serializer settings of the report.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/>.</summary>
    public static void Write(RunbookReport report, Stream stream) => JsonSerializer.Serialize(stream, report, Options);

    /// <summary>The report as a JSON string.</summary>
    public static string Serialize(RunbookReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a report written by <see cref="Write"/>; null when the text is not one.</summary>
    public static RunbookReport? Read(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize<RunbookReport>(stream, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
