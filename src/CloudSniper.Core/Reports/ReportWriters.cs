namespace CloudSniper.Core.Reports;

/// <summary>The registry of report writers by stable key, registered explicitly.</summary>
public static class ReportWriters
{
    /// <summary>Every writer.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new HtmlReportWriter(),
        new MarkdownReportWriter(),
        new JsonReportWriter(),
        new CsvReportWriter(),
    ];

    /// <summary>The writer for <paramref name="key"/>, or null.</summary>
    public static IReportWriter? Find(string key) => All.FirstOrDefault(w => string.Equals(w.Key, key, StringComparison.OrdinalIgnoreCase));
}
