using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Analytics.Reports;

/// <summary>
/// A self-contained HTML page of beacons (no scripts, no external resources): a ranked summary table and, per
/// beacon, its scores, the histogram of gaps between connections and its connections over time as inline SVG.
/// </summary>
public static class BeaconHtmlReport
{
    private const int Width = 640;
    private const int Height = 120;

    /// <summary>Writes the page for <paramref name="beacons"/> (each with its timestamps) found in <paramref name="report"/>.</summary>
    public static void Write(TextWriter output, BeaconReport report, IReadOnlyList<Beacon> beacons, IReadOnlyList<string> summary, string title = "Cloud Sniper: beacons")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(beacons);
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
          .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:14px}th{background:#f4f4f4}")
          .Append("td.n{text-align:right;white-space:nowrap}section{border-top:2px solid #ddd;margin-top:2em;padding-top:1em}")
          .Append("svg{background:#fafafa;border:1px solid #ddd;display:block;margin:.5em 0}.muted{color:#666;font-size:13px}")
          .Append("</style></head><body><h1>").Append(E(title)).Append("</h1>");
        sb.Append("<p class=\"muted\">Window ").Append(T(report.WindowStart)).Append(" to ").Append(T(report.WindowEnd))
          .Append("; threshold ").Append(F(report.Threshold)).Append("; ").Append(report.Pairs.ToString("N0", CultureInfo.InvariantCulture))
          .Append(" pairs, ").Append(report.ScoredPairs.ToString("N0", CultureInfo.InvariantCulture)).Append(" scored, ")
          .Append(report.InternalHosts.ToString("N0", CultureInfo.InvariantCulture)).Append(" internal hosts.</p>");
        if (summary.Count > 0)
        {
            sb.Append("<ul class=\"muted\">");
            foreach (var line in summary)
            {
                sb.Append("<li>").Append(E(line)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("<table><thead><tr><th>#</th><th>score</th><th>source</th><th>destination</th><th>port</th><th>protocol</th><th>period</th><th>connections</th><th>first seen</th><th>last seen</th></tr></thead><tbody>");
        for (var i = 0; i < beacons.Count; i++)
        {
            var b = beacons[i];
            sb.Append("<tr><td class=\"n\"><a href=\"#b").Append(i + 1).Append("\">").Append(i + 1).Append("</a></td><td class=\"n\">").Append(F(b.Score))
              .Append("</td><td>").Append(E(b.Src.ToString())).Append("</td><td>").Append(E(b.Dst.ToString())).Append("</td><td class=\"n\">")
              .Append(b.AcrossPorts ? E(string.Join(",", b.Ports)) : b.DstPort.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(ProtocolName(b.Protocol)))
              .Append("</td><td class=\"n\">").Append(Duration(b.Period)).Append("</td><td class=\"n\">").Append(b.Connections.ToString("N0", CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(T(b.FirstSeen)).Append("</td><td>").Append(T(b.LastSeen)).Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        if (beacons.Count == 0)
        {
            sb.Append("<p>No beacon reached the threshold.</p>");
        }

        for (var i = 0; i < beacons.Count; i++)
        {
            Section(sb, i + 1, beacons[i], report);
        }

        sb.Append("</body></html>");
        output.WriteLine(sb.ToString());
    }

    private static void Section(StringBuilder sb, int rank, Beacon b, BeaconReport report)
    {
        sb.Append("<section id=\"b").Append(rank).Append("\"><h2>").Append(rank).Append(". ").Append(E(b.Src.ToString())).Append(" → ")
          .Append(E(b.Dst.ToString())).Append(':').Append(b.AcrossPorts ? E(string.Join(",", b.Ports)) : b.DstPort.ToString(CultureInfo.InvariantCulture))
          .Append('/').Append(E(ProtocolName(b.Protocol))).Append("</h2>");
        sb.Append("<table><tr><th>score</th><th>timestamp</th><th>data size</th><th>histogram</th><th>duration</th><th>RITA</th><th>periodicity</th><th>prevalence</th><th>period</th><th>hosts</th><th>bytes sent</th></tr><tr>");
        foreach (var v in new[] { b.Score, b.TimestampScore, b.DataSizeScore, b.HistogramScore, b.DurationScore, b.RitaScore, b.PeriodicityScore, b.PrevalenceScore })
        {
            sb.Append("<td class=\"n\">").Append(F(v)).Append("</td>");
        }

        sb.Append("<td class=\"n\">").Append(Duration(b.Period)).Append("</td><td class=\"n\">").Append(b.Prevalence)
          .Append("</td><td class=\"n\">").Append(b.Bytes.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr></table>");
        var ts = b.Timestamps;
        if (ts.Count >= 2)
        {
            sb.Append("<div class=\"muted\">Gaps between connections (seconds)</div>");
            GapHistogram(sb, ts, b.Period);
            sb.Append("<div class=\"muted\">Connections over time</div>");
            Timeline(sb, ts, report.WindowStart.ToUnixTimeSeconds(), report.WindowEnd.ToUnixTimeSeconds());
        }

        sb.Append("</section>");
    }

    private static void GapHistogram(StringBuilder sb, IReadOnlyList<uint> ts, double period)
    {
        var gaps = new List<double>(ts.Count - 1);
        for (var i = 1; i < ts.Count; i++)
        {
            gaps.Add(ts[i] - ts[i - 1]);
        }

        // Up to three periods shows jitter and the doubled gaps of missed beats; longer gaps gather in the last bar.
        var max = Math.Max(1, period > 0 ? period * 3 : gaps.Max());
        const int bins = 40;
        var counts = new int[bins];
        foreach (var g in gaps)
        {
            counts[Math.Clamp((int)(g / max * bins), 0, bins - 1)]++;
        }

        var top = Math.Max(1, counts.Max());
        var barWidth = (double)Width / bins;
        sb.Append("<svg width=\"").Append(Width).Append("\" height=\"").Append(Height + 16).Append("\" role=\"img\" aria-label=\"gap histogram\">");
        for (var i = 0; i < bins; i++)
        {
            var h = (double)counts[i] / top * Height;
            sb.Append("<rect x=\"").Append(F1(i * barWidth)).Append("\" y=\"").Append(F1(Height - h)).Append("\" width=\"").Append(F1(barWidth - 1))
              .Append("\" height=\"").Append(F1(h)).Append("\" fill=\"#3a6ea5\"><title>").Append(F1(i * max / bins)).Append("–").Append(F1((i + 1) * max / bins))
              .Append(" s: ").Append(counts[i]).Append("</title></rect>");
        }

        sb.Append("<text x=\"0\" y=\"").Append(Height + 13).Append("\" font-size=\"11\">0</text><text x=\"").Append(Width - 60).Append("\" y=\"").Append(Height + 13)
          .Append("\" font-size=\"11\">").Append(F1(max)).Append(" s</text></svg>");
    }

    private static void Timeline(StringBuilder sb, IReadOnlyList<uint> ts, long start, long end)
    {
        var span = Math.Max(1, end - start);
        sb.Append("<svg width=\"").Append(Width).Append("\" height=\"46\" role=\"img\" aria-label=\"connections over time\">");
        foreach (var t in ts)
        {
            var x = Math.Clamp((t - start) * (double)Width / span, 0, Width - 1);
            sb.Append("<line x1=\"").Append(F1(x)).Append("\" x2=\"").Append(F1(x)).Append("\" y1=\"4\" y2=\"30\" stroke=\"#a53a3a\" stroke-opacity=\"0.6\"/>");
        }

        sb.Append("<text x=\"0\" y=\"43\" font-size=\"11\">").Append(T(DateTimeOffset.FromUnixTimeSeconds(start))).Append("</text><text x=\"").Append(Width - 150)
          .Append("\" y=\"43\" font-size=\"11\">").Append(T(DateTimeOffset.FromUnixTimeSeconds(end))).Append("</text></svg>");
    }

    /// <summary>tcp, udp, icmp or the protocol number.</summary>
    public static string ProtocolName(int protocol) => protocol switch
    {
        6 => "tcp",
        17 => "udp",
        1 => "icmp",
        58 => "icmpv6",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A period as seconds, minutes or hours.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        <= 0 => "",
        < 120 => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        < 7200 => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
    };

    private static string E(string s) => HtmlText.Encode(s);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string F1(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
