using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Reports.Internal;

/// <summary>Inline SVG charts for the HTML report (no script, no external resource).</summary>
internal static class Svg
{
    private const int Width = 640;
    private const int LabelWidth = 230;
    private const int BarHeight = 18;
    private const int Gap = 6;

    /// <summary>Horizontal bars, one per item, scaled to the largest value.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> items, string color = "#3b6ea8")
    {
        if (items.Count == 0)
        {
            return "";
        }

        var max = Math.Max(1, items.Max(i => i.Value));
        var height = items.Count * (BarHeight + Gap) + 10;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption>{E(title)}</figcaption><svg role=\"img\" aria-label=\"{E(title)}\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\">");
        for (var i = 0; i < items.Count; i++)
        {
            var (label, value) = items[i];
            var y = i * (BarHeight + Gap) + 5;
            var w = (Width - LabelWidth - 70) * value / max;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(Shorten(label))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{BarHeight}\" fill=\"{color}\"><title>{E(label)}: {value:0.##}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 4:0.#}\" y=\"{y + 13}\">{value:0.##}</text>");
        }

        sb.Append("</svg></figure>");
        return sb.ToString();
    }

    /// <summary>Stacked horizontal bars of PASS/FAIL/MUTED/ERROR counts per label.</summary>
    public static string StatusBars(string title, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        (string Status, string Color)[] parts = [("PASS", "#2e8540"), ("FAIL", "#c0392b"), ("MUTED", "#999999"), ("ERROR", "#e67e22")];
        var max = Math.Max(1, rows.Values.Max(r => r.Values.Sum()));
        var height = rows.Count * (BarHeight + Gap) + 34;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption>{E(title)}</figcaption><svg role=\"img\" aria-label=\"{E(title)}\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\">");
        var i = 0;
        foreach (var (label, counts) in rows)
        {
            var y = i++ * (BarHeight + Gap) + 5;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(Shorten(label))}</text>");
            double x = LabelWidth;
            foreach (var (status, color) in parts)
            {
                var n = counts.GetValueOrDefault(status);
                if (n == 0)
                {
                    continue;
                }

                var w = (Width - LabelWidth - 20) * (double)n / max;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{BarHeight}\" fill=\"{color}\"><title>{E(label)} {status}: {n}</title></rect>");
                if (w > 18)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 3:0.#}\" y=\"{y + 13}\" fill=\"#fff\">{n}</text>");
                }

                x += w;
            }
        }

        var ly = rows.Count * (BarHeight + Gap) + 20;
        var lx = LabelWidth;
        foreach (var (status, color) in parts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{ly - 10}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{lx + 14}\" y=\"{ly}\">{status}</text>");
            lx += 80;
        }

        sb.Append("</svg></figure>");
        return sb.ToString();
    }

    private static string Shorten(string s) => s.Length <= 34 ? s : string.Concat(s.AsSpan(0, 16), "…", s.AsSpan(s.Length - 16));

    private static string E(string s) => HtmlText.Encode(s);
}
