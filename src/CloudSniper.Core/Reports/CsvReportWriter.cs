using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>Writes one CSV file per list of the report (<c>runbook-checks.csv</c>, <c>runbook-events.csv</c>, …), RFC 4180 quoting and a spreadsheet-formula guard (<see cref="CsvField"/>).</summary>
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
            writer.WriteLine(CsvField.Record(table.Headers));
            foreach (var row in table.Rows)
            {
                writer.WriteLine(CsvField.Record(row));
            }

            written.Add(path);
        }

        return written;
    }
}
