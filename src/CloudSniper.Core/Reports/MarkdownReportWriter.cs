using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>Writes <c>runbook-report.md</c> for chat and wikis: the summary, top risks, changes, then each list (first rows only).</summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    /// <summary>Rows shown per list; the rest are counted.</summary>
    public const int RowsPerTable = 25;

    public string Key => "md";

    public string Description => "runbook-report.md, the summary and the first rows of each list";

    public IReadOnlyList<string> Write(RunbookReport report, string directory)
    {
        var path = Path.Combine(directory, "runbook-report.md");
        File.WriteAllText(path, Render(report), new UTF8Encoding(false));
        return [path];
    }

    /// <summary>The Markdown text of the report.</summary>
    public static string Render(RunbookReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var s = report.Summary;
        sb.Append(CultureInfo.InvariantCulture, $"# Cloud Sniper daily runbook — {ReportTables.Time(report.GeneratedAt)}\n\n");
        if (report.CloudTrail.FirstEvent is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"CloudTrail period: {ReportTables.Time(report.CloudTrail.FirstEvent)} to {ReportTables.Time(report.CloudTrail.LastEvent)}\n\n");
        }

        sb.Append("## Summary\n\n| | |\n| --- | ---: |\n");
        foreach (var (k, v) in s.ChecksByStatus)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| Checks {k} | {v} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"| CloudTrail records | {s.CloudTrailRecords} |\n| Detections | {s.Detections} |\n| GuardDuty findings | {s.GuardDutyFindings} |\n| GuardDuty samples ignored | {report.GuardDuty.SamplesIgnored} |\n| Inspector findings | {s.InspectorFindings} |\n| Correlated AMIs | {s.CorrelatedAmis} |\n| Rejected records | {s.RejectedRecords} |\n\n");
        if (s.ChecksByService.Count > 0)
        {
            sb.Append("### Checks by service\n\n| Service | PASS | FAIL | MUTED | ERROR |\n| --- | ---: | ---: | ---: | ---: |\n");
            foreach (var (service, counts) in s.ChecksByService)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {Md(service)} | {counts["PASS"]} | {counts["FAIL"]} | {counts["MUTED"]} | {counts["ERROR"]} |\n");
            }

            sb.Append('\n');
        }

        sb.Append("## Top risks\n\n");
        if (s.TopRisks.Count == 0)
        {
            sb.Append("None.\n");
        }

        foreach (var risk in s.TopRisks)
        {
            sb.Append("- ").Append(Md(risk)).Append('\n');
        }

        sb.Append('\n');
        if (report.Changes is { } changes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"## Changes since {ReportTables.Time(changes.PreviousRun)}\n\n");
            if (changes.Changes.Count == 0)
            {
                sb.Append("Nothing changed.\n");
            }

            foreach (var c in changes.Changes.Take(50))
            {
                sb.Append(CultureInfo.InvariantCulture, $"- {Md(c.Kind)}: {Md(c.Item)} — {Md(c.Change)}\n");
            }

            sb.Append('\n');
        }

        foreach (var table in ReportTables.All(report))
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {table.Title} ({table.Total})\n\n");
            if (table.Rows.Count == 0)
            {
                sb.Append("None.\n\n");
                continue;
            }

            sb.Append("| ").Append(string.Join(" | ", table.Headers.Select(Md))).Append(" |\n");
            sb.Append('|').Append(string.Join('|', table.Headers.Select(_ => " --- "))).Append("|\n");
            foreach (var row in table.Rows.Take(RowsPerTable))
            {
                sb.Append("| ").Append(string.Join(" | ", row.Select(Md))).Append(" |\n");
            }

            if (table.Rows.Count > RowsPerTable)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n…and {table.Rows.Count - RowsPerTable} more (see the HTML, JSON or CSV report).\n");
            }

            sb.Append('\n');
        }

        AppendInputs(sb, report);
        return sb.ToString();
    }

    private static void AppendInputs(StringBuilder sb, RunbookReport report)
    {
        sb.Append("## Inputs\n\n| Kind | Files | Records | Rejected | Bytes |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var i in report.Inputs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {i.Kind} | {i.Files} | {i.Records} | {i.Rejected} | {i.Bytes} |\n");
        }

        foreach (var e in report.Inputs.SelectMany(i => i.Errors).Take(20))
        {
            sb.Append("- ").Append(Md(e)).Append('\n');
        }

        if (report.Rules.Skipped.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nRules loaded: {report.Rules.Loaded}; skipped:\n\n");
            foreach (var r in report.Rules.Skipped)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- {Md(Path.GetFileName(r.Path))}: {Md(r.Reason)}\n");
            }
        }
    }

    private static string Md(string value) => MarkdownText.Escape(value);
}
