namespace CloudSniper.Core.Reports;

/// <summary>One list of the report as text: a stable name (file and anchor), a title, headers and rows; <see cref="Total"/> counts the items it stands for.</summary>
public sealed record ReportTable(string Name, string Title, IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows, long Total);
