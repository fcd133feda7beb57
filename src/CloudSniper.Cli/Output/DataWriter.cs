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

        // Redirected output has no width of its own; 160 columns keep typical rows on one line.
        if (!env.OutIsTerminal)
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

    private static void WriteTable<T>(CliEnvironment env, IReadOnlyList<T> rows, IReadOnlyList<Column<T>> columns, string? title)
    {
        var console = Console(env);
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        foreach (var column in columns)
        {
            var c = new TableColumn(Markup.Escape(column.Header));
            if (column.AlignRight)
            {
                c.RightAligned();
            }

            table.AddColumn(c);
        }

        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(Cell(c.Value(row)))).ToArray());
        }

        if (rows.Count == 0)
        {
            console.WriteLine(title is null ? "(none)" : $"{title}: (none)");
            return;
        }

        console.Write(table);
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
