using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Dns.Reports;

/// <summary>
/// A self-contained HTML page of DNS detections (no scripts, no external resources): a ranked table and, per
/// detection, its evidence, its query timeline and the distributions of name length and subdomain entropy, as inline
/// SVG bar charts.
/// </summary>
public static class DnsHtmlReport
{
    private const int Width = 640;
    private const int Height = 90;

    /// <summary>Writes the page for <paramref name="report"/>'s detections, with <paramref name="explain"/> giving each one's one-line evidence.</summary>
    public static void Write(TextWriter output, DnsReport report, Func<DnsDetection, string> explain, IReadOnlyList<string> summary, string title = "Cloud Sniper: DNS detections")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(explain);
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
          .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:14px;vertical-align:top}th{background:#f4f4f4}")
          .Append("td.n{text-align:right;white-space:nowrap}section{border-top:2px solid #ddd;margin-top:2em;padding-top:1em}")
          .Append("svg{background:#fafafa;border:1px solid #ddd;display:block;margin:.3em 0 1em}.muted{color:#666;font-size:13px}h3{font-size:15px;margin:.8em 0 .2em}")
          .Append("</style></head><body><h1>").Append(E(title)).Append("</h1>");
        sb.Append("<p class=\"muted\">Window ").Append(T(report.WindowStart)).Append(" to ").Append(T(report.WindowEnd)).Append("; ")
          .Append(N(report.Queries)).Append(" queries, ").Append(N(report.Sources)).Append(" sources, ").Append(N(report.Domains)).Append(" registered domains.</p>");
        if (summary.Count > 0)
        {
            sb.Append("<ul class=\"muted\">");
            foreach (var line in summary)
            {
                sb.Append("<li>").Append(E(line)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("<table><thead><tr><th>#</th><th>score</th><th>kind</th><th>domain</th><th>sources</th><th>queries</th><th>first seen</th><th>last seen</th></tr></thead><tbody>");
        for (var i = 0; i < report.Detections.Count; i++)
        {
            var d = report.Detections[i];
            sb.Append("<tr><td class=\"n\"><a href=\"#d").Append(i + 1).Append("\">").Append(i + 1).Append("</a></td><td class=\"n\">").Append(F(d.Score))
              .Append("</td><td>").Append(Kind(d)).Append("</td><td>").Append(E(d.Domain)).Append("</td><td>").Append(E(string.Join(" ", d.Sources)))
              .Append("</td><td class=\"n\">").Append(N(d.Queries)).Append("</td><td>").Append(T(d.FirstSeen)).Append("</td><td>").Append(T(d.LastSeen)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        if (report.Detections.Count == 0)
        {
            sb.Append("<p>No detection.</p>");
        }

        for (var i = 0; i < report.Detections.Count; i++)
        {
            Section(sb, i + 1, report.Detections[i], explain);
        }

        sb.Append("</body></html>");
        output.Write(sb.ToString());
    }

    private static void Section(StringBuilder sb, int rank, DnsDetection d, Func<DnsDetection, string> explain)
    {
        sb.Append("<section id=\"d").Append(rank).Append("\"><h2>").Append(rank).Append(". ").Append(Kind(d)).Append(' ').Append(E(d.Domain)).Append("</h2>");
        sb.Append("<p>").Append(E(explain(d))).Append("</p><table><tbody>");
        Row(sb, "sources", string.Join(" ", d.Sources));
        if (d.Instances.Count > 0)
        {
            Row(sb, "instances", string.Join(" ", d.Instances));
        }

        if (d.ResolvedAddresses.Count > 0)
        {
            Row(sb, "resolved to", string.Join(" ", d.ResolvedAddresses));
        }

        foreach (var (key, value) in d.Evidence)
        {
            Row(sb, key, value switch
            {
                IEnumerable<string> list => string.Join(" ", list),
                System.Collections.IEnumerable list and not string => string.Join(" ", list.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            });
        }

        sb.Append("</tbody></table>");
        if (d.Timeline.Count > 0)
        {
            sb.Append("<h3>Queries over time</h3>");
            var end = d.FirstSeen.AddSeconds(d.TimelineBinSeconds * d.Timeline.Count);
            Bars(sb, d.Timeline, "queries over time", T(d.FirstSeen), T(end), $"one bar per {Duration(d.TimelineBinSeconds)}");
        }

        if (d.NameLengths.Sum() > 0)
        {
            sb.Append("<h3>Name length</h3>");
            Bars(sb, d.NameLengths, "name length distribution", "0", $"{d.NameLengths.Count * DnsAnalyzer.LengthBin}+ characters", $"{DnsAnalyzer.LengthBin} characters a bar");
            sb.Append("<h3>Subdomain entropy</h3>");
            Bars(sb, d.Entropies, "entropy distribution", "0", $"{d.Entropies.Count / 4}+ bits a character", "a quarter bit a bar");
        }

        sb.Append("</section>");
    }

    /// <summary>A bar chart of <paramref name="counts"/>, with its left and right labels and the largest count.</summary>
    private static void Bars(StringBuilder sb, IReadOnlyList<int> counts, string label, string left, string right, string note)
    {
        var max = Math.Max(1, counts.Max());
        var w = (double)Width / counts.Count;
        sb.Append("<svg width=\"").Append(Width).Append("\" height=\"").Append(Height + 18).Append("\" role=\"img\" aria-label=\"").Append(E(label)).Append("\">");
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var h = Math.Max(1, Math.Round((double)counts[i] / max * (Height - 12), 1));
            sb.Append("<rect x=\"").Append(G(i * w)).Append("\" y=\"").Append(G(Height - h)).Append("\" width=\"").Append(G(Math.Max(1, w - 1)))
              .Append("\" height=\"").Append(G(h)).Append("\" fill=\"#4a78b5\"><title>").Append(N(counts[i])).Append("</title></rect>");
        }

        sb.Append("<text x=\"2\" y=\"10\" font-size=\"11\">max ").Append(N(max)).Append("; ").Append(E(note)).Append("</text>")
          .Append("<text x=\"2\" y=\"").Append(Height + 14).Append("\" font-size=\"11\">").Append(E(left)).Append("</text>")
          .Append("<text x=\"").Append(Width - 2).Append("\" y=\"").Append(Height + 14).Append("\" font-size=\"11\" text-anchor=\"end\">").Append(E(right)).Append("</text></svg>");
    }

    private static void Row(StringBuilder sb, string key, string value) =>
        sb.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string Kind(DnsDetection d) => d.Kind.ToString().ToLowerInvariant();

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
    };

    private static string E(string s) => HtmlText.Encode(s);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
