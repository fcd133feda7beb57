using System.Globalization;

namespace CloudSniper.Server.Dashboard;

/// <summary>Small inline SVG charts (no script, no inline style: presentation attributes and classes only).</summary>
internal static class Charts
{
    /// <summary>A bar chart of <paramref name="bars"/> with an accessible name; every label and value is encoded.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> bars, string? cssClass = null)
    {
        var html = new Html();
        html.Raw("<figure class=\"chart\"><svg viewBox=\"0 0 320 140\" role=\"img\" aria-label=\"").Raw(Html.Encode(title)).Raw("\" preserveAspectRatio=\"none\"");
        html.Raw(cssClass is null ? ">" : " class=\"" + Html.Encode(cssClass) + "\">");
        html.Raw("<title>").Text(title).Raw("</title>");
        var max = bars.Count == 0 ? 1 : Math.Max(1, bars.Max(b => b.Value));
        var width = bars.Count == 0 ? 0 : 300.0 / bars.Count;
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var height = 110 * value / max;
            html.Raw(string.Create(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{10 + (i * width) + 1:0.#}\" y=\"{120 - height:0.#}\" width=\"{Math.Max(1, width - 2):0.#}\" height=\"{height:0.#}\"><title>"))
                .Text(label + ": " + value.ToString("0.##", CultureInfo.InvariantCulture)).Raw("</title></rect>");
        }

        html.Raw("<line class=\"axis\" x1=\"10\" y1=\"120\" x2=\"310\" y2=\"120\"></line>");
        if (bars.Count > 0)
        {
            html.Raw("<text x=\"10\" y=\"135\" class=\"tick\">").Text(bars[0].Label).Raw("</text>")
                .Raw("<text x=\"310\" y=\"135\" text-anchor=\"end\" class=\"tick\">").Text(bars[^1].Label).Raw("</text>");
        }

        html.Raw("<text x=\"10\" y=\"10\" class=\"tick\">").Text(max.ToString("0.##", CultureInfo.InvariantCulture)).Raw("</text>");
        return html.Raw("</svg><figcaption>").Text(title).Raw("</figcaption></figure>").ToString();
    }
}
