using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Reports.Internal;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>
/// Writes <c>runbook-report.html</c>: self-contained (inline CSS, JS and SVG; no CDN), an executive summary first,
/// then sortable, filterable, paged tables. Each table embeds at most <see cref="MaxRowsPerTable"/> rows and says
/// how many more the JSON and CSV hold, so the page stays usable with 100,000 findings.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    /// <summary>Rows embedded per table.</summary>
    public const int MaxRowsPerTable = 2_000;

    public string Key => "html";

    public string Description => "runbook-report.html, self-contained, summary first, sortable and filterable tables";

    public IReadOnlyList<string> Write(RunbookReport report, string directory)
    {
        var path = Path.Combine(directory, "runbook-report.html");
        File.WriteAllText(path, Render(report), new UTF8Encoding(false));
        return [path];
    }

    /// <summary>The HTML page of the report.</summary>
    public static string Render(RunbookReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(64 * 1024);
        var s = report.Summary;
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append("<title>Cloud Sniper runbook ").Append(E(ReportTables.Time(report.GeneratedAt))).Append("</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append("<header><h1>Cloud Sniper daily runbook</h1><p>Generated ").Append(E(ReportTables.Time(report.GeneratedAt))).Append(" (").Append(E(report.Mode)).Append(')');
        if (report.CloudTrail.FirstEvent is not null)
        {
            sb.Append(" · CloudTrail from ").Append(E(ReportTables.Time(report.CloudTrail.FirstEvent))).Append(" to ").Append(E(ReportTables.Time(report.CloudTrail.LastEvent)));
        }

        sb.Append("</p><nav>");
        var tables = ReportTables.All(report);
        foreach (var t in tables)
        {
            sb.Append("<a href=\"#").Append(t.Name).Append("\">").Append(E(t.Title)).Append(" (").Append(t.Total.ToString(CultureInfo.InvariantCulture)).Append(")</a> ");
        }

        sb.Append("<a href=\"#inputs\">Inputs</a></nav></header><main>");

        sb.Append("<section id=\"summary\"><h2>Executive summary</h2><div class=\"cards\">");
        Card(sb, "Checks failed", s.ChecksByStatus.GetValueOrDefault("FAIL"), s.ChecksByStatus.GetValueOrDefault("FAIL") > 0 ? "bad" : "good");
        Card(sb, "Checks passed", s.ChecksByStatus.GetValueOrDefault("PASS"), "good");
        Card(sb, "Checks in error", s.ChecksByStatus.GetValueOrDefault("ERROR"), s.ChecksByStatus.GetValueOrDefault("ERROR") > 0 ? "warn" : "");
        Card(sb, "Muted", s.ChecksByStatus.GetValueOrDefault("MUTED"), "");
        Card(sb, "CloudTrail records", s.CloudTrailRecords, "");
        Card(sb, "Detections", s.Detections, s.Detections > 0 ? "warn" : "");
        Card(sb, "GuardDuty findings", s.GuardDutyFindings, "");
        Card(sb, "GuardDuty samples ignored", report.GuardDuty.SamplesIgnored, "");
        Card(sb, "Inspector findings", s.InspectorFindings, "");
        Card(sb, "Correlated AMIs", s.CorrelatedAmis, s.CorrelatedAmis > 0 ? "bad" : "");
        Card(sb, "Rejected records", s.RejectedRecords, s.RejectedRecords > 0 ? "warn" : "");
        sb.Append("</div><h3>Top risks</h3>");
        if (s.TopRisks.Count == 0)
        {
            sb.Append("<p>None.</p>");
        }
        else
        {
            sb.Append("<ol class=\"risks\">");
            foreach (var r in s.TopRisks)
            {
                sb.Append("<li>").Append(E(r)).Append("</li>");
            }

            sb.Append("</ol>");
        }

        sb.Append("<div class=\"charts\">");
        sb.Append(Svg.StatusBars("Checks by service", s.ChecksByService));
        sb.Append(Svg.StatusBars("Checks by region", s.ChecksByRegion));
        sb.Append(Svg.Bars("Most frequent CloudTrail events", report.CloudTrail.Events.Take(15).Select(e => (e.EventName, (double)e.Count)).ToList()));
        sb.Append(Svg.Bars("Detections by rule", report.Detections.GroupBy(d => d.Title).OrderByDescending(g => g.Count()).Take(15).Select(g => (g.Key, (double)g.Count())).ToList(), "#c0392b"));
        sb.Append(Svg.Bars("Inspector findings by severity", report.Inspector.BySeverity.Select(b => (b.Key, (double)b.Value)).ToList(), "#8e44ad"));
        sb.Append(Svg.Bars("GuardDuty network findings by AMI", report.GuardDuty.ByAmi.Take(15).Select(a => (a.ImageId, (double)a.Findings)).ToList(), "#d35400"));
        sb.Append("</div>");
        if (report.Changes is { } changes)
        {
            sb.Append("<h3>What changed since ").Append(E(ReportTables.Time(changes.PreviousRun))).Append("</h3>");
            if (changes.Changes.Count == 0)
            {
                sb.Append("<p>Nothing changed.</p>");
            }
            else
            {
                sb.Append("<ul class=\"changes\">");
                foreach (var c in changes.Changes.Take(100))
                {
                    sb.Append("<li><b>").Append(E(c.Kind)).Append("</b> ").Append(E(c.Item)).Append(": ").Append(E(c.Change)).Append("</li>");
                }

                sb.Append("</ul>");
            }
        }
        else
        {
            sb.Append("<p class=\"muted\">No previous report in the output folder: nothing to compare with.</p>");
        }

        sb.Append("</section>");
        foreach (var t in tables)
        {
            Table(sb, t);
        }

        sb.Append("<section id=\"inputs\"><h2>Inputs</h2><table><thead><tr><th>Kind</th><th>Files</th><th>Records</th><th>Rejected</th><th>Bytes</th></tr></thead><tbody>");
        foreach (var i in report.Inputs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(i.Kind)}</td><td class=\"n\">{i.Files}</td><td class=\"n\">{i.Records}</td><td class=\"n\">{i.Rejected}</td><td class=\"n\">{i.Bytes}</td></tr>");
        }

        sb.Append("</tbody></table>");
        var errors = report.Inputs.SelectMany(i => i.Errors).ToList();
        if (errors.Count > 0)
        {
            sb.Append("<details><summary>Rejected input (").Append(errors.Count.ToString(CultureInfo.InvariantCulture)).Append(" listed)</summary><ul>");
            foreach (var e in errors)
            {
                sb.Append("<li><code>").Append(E(e)).Append("</code></li>");
            }

            sb.Append("</ul></details>");
        }

        sb.Append("<p>Sigma rules loaded: ").Append(report.Rules.Loaded.ToString(CultureInfo.InvariantCulture)).Append(", skipped: ").Append(report.Rules.Skipped.Count.ToString(CultureInfo.InvariantCulture)).Append("</p>");
        if (report.Rules.Skipped.Count > 0)
        {
            sb.Append("<details><summary>Skipped rules</summary><ul>");
            foreach (var r in report.Rules.Skipped)
            {
                sb.Append("<li><code>").Append(E(Path.GetFileName(r.Path))).Append("</code>: ").Append(E(r.Reason)).Append("</li>");
            }

            sb.Append("</ul></details>");
        }

        sb.Append("</section></main><script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string label, long value, string tone) =>
        sb.Append("<div class=\"card ").Append(tone).Append("\"><div class=\"v\">").Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</div><div class=\"l\">").Append(E(label)).Append("</div></div>");

    private static void Table(StringBuilder sb, ReportTable t)
    {
        sb.Append("<section id=\"").Append(t.Name).Append("\"><h2>").Append(E(t.Title)).Append(" <small>(").Append(t.Total.ToString("N0", CultureInfo.InvariantCulture)).Append(")</small></h2>");
        if (t.Rows.Count == 0)
        {
            sb.Append("<p class=\"muted\">None.</p></section>");
            return;
        }

        sb.Append("<div class=\"tools\"><input type=\"search\" placeholder=\"Filter…\" aria-label=\"Filter ").Append(E(t.Title)).Append("\"><span class=\"pager\"></span></div>");
        sb.Append("<table class=\"data\"><thead><tr>");
        foreach (var h in t.Headers)
        {
            sb.Append("<th tabindex=\"0\">").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in t.Rows.Take(MaxRowsPerTable))
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(E(cell)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        if (t.Rows.Count > MaxRowsPerTable || t.Total > t.Rows.Count)
        {
            sb.Append("<p class=\"muted\">Showing ").Append(Math.Min(t.Rows.Count, MaxRowsPerTable).ToString("N0", CultureInfo.InvariantCulture)).Append(" of ")
              .Append(Math.Max(t.Total, t.Rows.Count).ToString("N0", CultureInfo.InvariantCulture)).Append("; the JSON and CSV reports hold the rest.</p>");
        }

        sb.Append("</section>");
    }

    private static string E(string s) => HtmlText.Encode(s);

    private const string Css =
        "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#222;background:#fafafa}header{background:#1f2d3d;color:#fff;padding:1em 2em}" +
        "header a{color:#cfe3ff;margin-right:.8em;font-size:.9em}main{padding:1em 2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em}" +
        ".cards{display:flex;flex-wrap:wrap;gap:.8em}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}" +
        ".card .v{font-size:1.6em;font-weight:600}.card .l{color:#555;font-size:.85em}.card.bad{border-left:5px solid #c0392b}.card.good{border-left:5px solid #2e8540}" +
        ".card.warn{border-left:5px solid #e67e22}.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{background:#fff;border:1px solid #ddd;padding:.5em;margin:0}" +
        ".chart svg text{font-size:11px;fill:#333}figcaption{font-weight:600;margin-bottom:.3em}table{border-collapse:collapse;background:#fff;width:100%;font-size:.85em}" +
        "td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}th{background:#eef2f6;cursor:pointer;user-select:none;white-space:nowrap}" +
        "th.asc:after{content:' ▲'}th.desc:after{content:' ▼'}td.n{text-align:right}.tools{margin:.4em 0}.tools input{padding:3px 6px;width:20em}" +
        ".pager button{margin-left:.3em}.muted{color:#777}.risks li{margin:.2em 0}";

    private const string Script =
        "document.querySelectorAll('section').forEach(function(sec){var table=sec.querySelector('table.data');if(!table)return;" +
        "var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),input=sec.querySelector('input'),pager=sec.querySelector('.pager'),page=0,size=50,shown=rows;" +
        "function render(){var pages=Math.max(1,Math.ceil(shown.length/size));if(page>=pages)page=pages-1;rows.forEach(function(r){r.style.display='none'});" +
        "shown.slice(page*size,page*size+size).forEach(function(r){r.style.display=''});pager.textContent=' '+shown.length+' row(s), page '+(page+1)+' of '+pages+' ';" +
        "var prev=document.createElement('button');prev.textContent='‹';prev.disabled=page==0;prev.onclick=function(){page--;render()};" +
        "var next=document.createElement('button');next.textContent='›';next.disabled=page>=pages-1;next.onclick=function(){page++;render()};pager.appendChild(prev);pager.appendChild(next)}" +
        "input.addEventListener('input',function(){var q=input.value.toLowerCase();shown=rows.filter(function(r){return r.textContent.toLowerCase().indexOf(q)>=0});page=0;render()});" +
        "Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){function sort(){var asc=!th.classList.contains('asc');" +
        "Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');" +
        "function key(r){var t=r.cells[i].textContent,n=parseFloat(t);return isNaN(n)||!/^-?[0-9.]+$/.test(t)?t.toLowerCase():n}" +
        "rows.sort(function(a,b){var x=key(a),y=key(b);if(typeof x!==typeof y){x=String(x);y=String(y)}return (x<y?-1:x>y?1:0)*(asc?1:-1)});" +
        "rows.forEach(function(r){body.appendChild(r)});var q=input.value.toLowerCase();shown=rows.filter(function(r){return r.textContent.toLowerCase().indexOf(q)>=0});page=0;render()}" +
        "th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort()})});render()});";
}
