using System.Text;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>Writes one CSV file per list of the report (<c>runbook-checks.csv</c>, <c>runbook-events.csv</c>, …), RFC 4180 quoting.</summary>
public sealed class CsvReportWriter : IReportWriter
{
    public string Key => "csv";

    public string Description => "runbook-<list>.csv, one file per list";

    public IReadOnlyList<string> Write(RunbookReport report, string directory)
    {
        var written = new List<string>();
        foreach (var table in ReportTables.All(report))
        {
            var path = Path.Combine(directory, $"runbook-{table.Name}.csv");
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            writer.WriteLine(string.Join(',', table.Headers.Select(Quote)));
            foreach (var row in table.Rows)
            {
                writer.WriteLine(string.Join(',', row.Select(Quote)));
            }

            written.Add(path);
        }

        return written;
    }

    /// <summary>Quotes a CSV field when it holds a comma, quote or line break; guards against spreadsheet formula injection.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
