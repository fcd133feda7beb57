using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>Writes a runbook report in one format into an output directory.</summary>
public interface IReportWriter
{
    /// <summary>The stable key used by <c>--format</c> (html, md, json, csv).</summary>
    string Key { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Writes the report; returns the files written.</summary>
    IReadOnlyList<string> Write(RunbookReport report, string directory);
}
