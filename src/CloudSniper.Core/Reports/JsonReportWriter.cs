using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>Writes <c>runbook-report.json</c>, the report with its documented schema; the next run compares against it.</summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <summary>The file name of the JSON report.</summary>
    public const string FileName = "runbook-report.json";

    public string Key => "json";

    public string Description => "runbook-report.json, every list in full (schemas/runbook-report.schema.json)";

    public IReadOnlyList<string> Write(RunbookReport report, string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            ReportJson.Write(report, stream);
        }

        File.Move(temp, path, overwrite: true);
        return [path];
    }
}
