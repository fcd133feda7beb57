using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Escaping;
using Spectre.Console;

namespace CloudSniper.Cli.Output;

/// <summary>Writes rows of data to stdout as a table, JSON, JSON lines, CSV, Markdown or a self-contained HTML page.</summary>
public static class DataWriter
{
    /// <summary>
    /// Writes <paramref name="rows"/>: tables, CSV, Markdown and HTML use <paramref name="columns"/>; JSON and JSON
    /// lines serialise <paramref name="json"/>(row), or the row itself.
    /// </summary>
    public static void Write<T>(
        CliEnvironment env,
        OutputFormat format,
        IReadOnlyList<T> rows,
        IReadOnlyList<Column<T>> columns,
        Func<T, object>? json = null,
        string? title = null)
    {
        var writer = env.Out;
        switch (format)
        {
            case OutputFormat.Json:
                writer.WriteLine(JsonSerializer.Serialize(rows.Select(r => json is null ? (object?)r : json(r)).ToList(), JsonOutput.Indented));
                break;
            case OutputFormat.Jsonl:
                foreach (var row in rows)
                {
                    writer.WriteLine(JsonSerializer.Serialize(json is null ? (object?)row : json(row), JsonOutput.Compact));
                }

                break;
            case OutputFormat.Csv:
                writer.WriteLine(string.Join(',', columns.Select(c => CsvField.Encode(c.Header))));
                foreach (var row in rows)
                {
                    writer.WriteLine(string.Join(',', columns.Select(c => CsvField.Encode(Cell(c.Value(row))))));
                }

                break;
            case OutputFormat.Md:
                WriteMarkdown(writer, rows, columns, title);
                break;
            case OutputFormat.Html:
                WriteHtml(writer, rows, columns, title);
                break;
            default:
                WriteTable(env, rows, columns, title);
                break;
        }

        writer.Flush();
    }

    /// <summary>A console for rich output on stdout that honours <c>NO_COLOR</c> and redirection.</summary>
    public static IAnsiConsole Console(CliEnvironment env)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Out),
            Ansi = env.NoColor ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = env.NoColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });

        // COLUMNS (set by shells, and by a user who wants another width) wins; redirected output has no width of its
        // own, and 160 columns keep typical rows on one line.
        if (int.TryParse(env.GetVariable("COLUMNS"), System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns >= 40)
        {
            console.Profile.Width = columns;
        }
        else if (!env.OutIsTerminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Formats a cell value for text output: invariant numbers, ISO 8601 times, lists joined by commas.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => string.Join(", ", e.Cast<object?>().Select(Cell)),
        _ => value.ToString() ?? "",
    };

    private static void WriteTable<T>(CliEnvironment env, IReadOnlyList<T> rows, IReadOnlyList<Column<T>> all, string? title)
    {
        var console = Console(env);
        if (rows.Count == 0)
        {
            console.WriteLine(title is null ? "(none)" : $"{title}: (none)");
            return;
        }

        var cells = rows.Select(r => all.Select(c => Cell(c.Value(r))).ToArray()).ToList();
        var layout = Layout(all, cells, console.Profile.Width);
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        foreach (var (index, width) in layout)
        {
            var column = all[index];
            var c = new TableColumn(Markup.Escape(column.Header)).Width(width);
            if (column.AlignRight)
            {
                c.RightAligned();
            }

            if (width >= Natural(all, cells, index))
            {
                c.NoWrap();
            }

            table.AddColumn(c);
        }

        foreach (var row in cells)
        {
            table.AddRow(layout.Select(l => (Spectre.Console.Rendering.IRenderable)new Text(row[l.Index])).ToArray());
        }

        console.Write(table);
        var shown = layout.Select(l => l.Index).ToHashSet();
        var notes = shown.Order().Select(i => all[i]).Where(c => c.Meaning is not null).Select(c => $"{c.Header} = {c.Meaning}").ToList();
        var left = all.Where((_, i) => !shown.Contains(i)).Select(c => c.Header).ToList();
        if (left.Count > 0)
        {
            notes.Add($"left out to fit {console.Profile.Width} columns: {string.Join(", ", left)} (--format csv or json has every column)");
        }

        if (notes.Count > 0)
        {
            console.WriteLine(string.Join("; ", notes));
        }
    }

    // A column is as wide as its widest cell or header.
    private static int Natural<T>(IReadOnlyList<Column<T>> columns, List<string[]> cells, int i) =>
        Math.Max(columns[i].Header.Length, cells.Select(r => r[i].Length).DefaultIfEmpty(0).Max());

    /// <summary>
    /// The columns shown and the width of each. A column never narrower than it needs: whole columns (ids, addresses)
    /// at their widest cell, up to half the table, and short columns (up to 20, a timestamp) at theirs; longer text wraps down to
    /// 20. Where even that does not fit, droppable columns go, highest Drop first; the room left is shared among the
    /// columns that wrap, in proportion to what they lack.
    /// </summary>
    internal static IReadOnlyList<(int Index, int Width)> Layout<T>(IReadOnlyList<Column<T>> columns, List<string[]> cells, int width)
    {
        const int Short = 20;
        var natural = Enumerable.Range(0, columns.Count).Select(i => Natural(columns, cells, i)).ToArray();
        var minimum = natural.Select((n, i) => columns[i].Whole
            ? Math.Max(columns[i].Header.Length, Math.Min(n, width / 2))
            : Math.Min(n, Math.Max(Short, columns[i].Header.Length))).ToArray();

        // Each column costs its padding and one border (3), and the table one more border.
        var shown = Enumerable.Range(0, columns.Count).ToList();
        int Cost(Func<int, int> w) => shown.Sum(i => w(i) + 3) + 1;
        foreach (var drop in Enumerable.Range(0, columns.Count).Where(i => columns[i].Drop > 0).OrderByDescending(i => columns[i].Drop).ThenByDescending(i => i))
        {
            if (Cost(i => minimum[i]) <= width)
            {
                break;
            }

            shown.Remove(drop);
        }

        var widths = shown.ToDictionary(i => i, i => minimum[i]);

        // Still too wide with every droppable column gone: wrap the text columns down to their headers, then the ids.
        foreach (var whole in new[] { false, true })
        {
            while (Cost(i => widths[i]) > width)
            {
                var widest = shown.Where(i => columns[i].Whole == whole && widths[i] > Math.Max(columns[i].Header.Length, 4))
                    .OrderByDescending(i => widths[i]).Select(i => (int?)i).FirstOrDefault();
                if (widest is not int i)
                {
                    break;
                }

                widths[i]--;
            }
        }

        var room = width - Cost(i => widths[i]);
        var lacking = shown.Where(i => natural[i] > widths[i]).ToList();
        var lack = lacking.Sum(i => natural[i] - widths[i]);
        if (room > 0 && lack > 0)
        {
            foreach (var i in lacking)
            {
                widths[i] += Math.Min(natural[i] - widths[i], (int)((long)room * (natural[i] - widths[i]) / lack));
            }
        }

        return shown.Select(i => (i, widths[i])).ToList();
    }

    private static void WriteMarkdown<T>(TextWriter writer, IReadOnlyList<T> rows, IReadOnlyList<Column<T>> columns, string? title)
    {
        if (title is not null)
        {
            writer.WriteLine($"### {MarkdownText.Escape(title)}");
            writer.WriteLine();
        }

        writer.WriteLine("| " + string.Join(" | ", columns.Select(c => MarkdownText.Escape(c.Header))) + " |");
        writer.WriteLine("|" + string.Join("|", columns.Select(c => c.AlignRight ? " ---: " : " --- ")) + "|");
        foreach (var row in rows)
        {
            writer.WriteLine("| " + string.Join(" | ", columns.Select(c => MarkdownText.Escape(Cell(c.Value(row))))) + " |");
        }
    }

    private static void WriteHtml<T>(TextWriter writer, IReadOnlyList<T> rows, IReadOnlyList<Column<T>> columns, string? title)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .Append(HtmlText.Encode(title ?? "Cloud Sniper"))
          .Append("</title><style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}</style></head><body>");
        if (title is not null)
        {
            sb.Append("<h1>").Append(HtmlText.Encode(title)).Append("</h1>");
        }

        sb.Append("<table><thead><tr>");
        foreach (var c in columns)
        {
            sb.Append("<th>").Append(HtmlText.Encode(c.Header)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in columns)
            {
                sb.Append("<td>").Append(HtmlText.Encode(Cell(c.Value(row)))).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table></body></html>");
        writer.WriteLine(sb.ToString());
    }
}
