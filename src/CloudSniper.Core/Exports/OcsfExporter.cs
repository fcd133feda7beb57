using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Exports;

/// <summary>
/// Findings as an array of OCSF 1.3 Detection Finding events (class 2004, category 2 Findings, activity Create)
/// with the cloud profile: finding_info, severity_id, cloud account and region, resources, observables and the
/// ATT&amp;CK tactic.
/// </summary>
public sealed class OcsfExporter : IFindingExporter
{
    /// <inheritdoc />
    public string Key => "ocsf";

    /// <inheritdoc />
    public string Description => "OCSF 1.3 Detection Finding events (JSON array)";

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<Finding> findings, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        await foreach (var f in findings.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Write(json, f, now);
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>OCSF severity_id: 1 informational … 5 critical.</summary>
    public static int SeverityId(Finding finding) => finding.Severity <= 0 ? 1 : finding.Band switch
    {
        SeverityBand.Low => 2,
        SeverityBand.Medium => 3,
        SeverityBand.High => 4,
        _ => 5,
    };

    private static void Write(Utf8JsonWriter json, Finding f, DateTimeOffset now)
    {
        var time = (f.UpdatedAt ?? f.LastSeen ?? f.CreatedAt ?? now).ToUnixTimeMilliseconds();
        json.WriteStartObject();
        json.WriteNumber("activity_id", 1);
        json.WriteString("activity_name", "Create");
        json.WriteNumber("category_uid", 2);
        json.WriteString("category_name", "Findings");
        json.WriteNumber("class_uid", 2004);
        json.WriteString("class_name", "Detection Finding");
        json.WriteNumber("type_uid", 200401);
        json.WriteNumber("time", time);
        json.WriteNumber("severity_id", SeverityId(f));
        json.WriteString("severity", f.Severity <= 0 ? "Informational" : f.Band.ToString());
        json.WriteNumber("status_id", f.Archived ? 4 : 1);
        json.WriteString("status", f.Archived ? "Archived" : "New");
        json.WriteNumber("count", f.Count);
        if (f.Description is not null)
        {
            json.WriteString("message", f.Description);
        }

        json.WriteStartObject("metadata");
        json.WriteString("version", "1.3.0");
        json.WriteStartArray("profiles");
        json.WriteStringValue("cloud");
        json.WriteEndArray();
        json.WriteStartObject("product");
        json.WriteString("name", ProductName(f.Source));
        json.WriteString("vendor_name", f.Source == FindingSource.Analytics ? "Cloud Sniper" : "AWS");
        json.WriteEndObject();
        json.WriteString("uid", f.Id);
        json.WriteEndObject();

        json.WriteStartObject("finding_info");
        json.WriteString("uid", f.Id);
        json.WriteString("title", f.Title.Length > 0 ? f.Title : f.Type.Raw);
        if (f.Description is not null)
        {
            json.WriteString("desc", f.Description);
        }

        json.WriteStartArray("types");
        json.WriteStringValue(f.Type.Raw);
        json.WriteEndArray();
        WriteTime(json, "created_time", f.CreatedAt);
        WriteTime(json, "modified_time", f.UpdatedAt);
        WriteTime(json, "first_seen_time", f.FirstSeen);
        WriteTime(json, "last_seen_time", f.LastSeen);
        json.WriteEndObject();

        json.WriteStartObject("cloud");
        json.WriteString("provider", "AWS");
        if (f.Region is not null)
        {
            json.WriteString("region", f.Region);
        }

        if (f.AccountId is not null)
        {
            json.WriteStartObject("account");
            json.WriteString("uid", f.AccountId);
            json.WriteEndObject();
        }

        json.WriteEndObject();

        json.WriteStartArray("resources");
        foreach (var r in f.Resources)
        {
            json.WriteStartObject();
            json.WriteString("uid", r.Arn ?? r.Id);
            json.WriteString("type", r.Kind);
            if (r.Name is not null)
            {
                json.WriteString("name", r.Name);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        // Observable type ids from the OCSF dictionary: 1 hostname, 2 IP address, 6 URL string.
        json.WriteStartArray("observables");
        foreach (var ip in f.RemoteIps)
        {
            WriteObservable(json, "remote_ip", 2, ip.Address);
        }

        foreach (var domain in f.Domains)
        {
            WriteObservable(json, "domain", 1, domain);
        }

        json.WriteEndArray();

        if (f.MitreTactic is { } tactic)
        {
            json.WriteStartArray("attacks");
            json.WriteStartObject();
            json.WriteStartObject("tactic");
            json.WriteString("name", tactic);
            json.WriteEndObject();
            json.WriteString("version", "v14");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteObservable(Utf8JsonWriter json, string name, int typeId, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteNumber("type_id", typeId);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteNumber(name, t.ToUnixTimeMilliseconds());
        }
    }

    private static string ProductName(FindingSource source) => source switch
    {
        FindingSource.GuardDuty => "Amazon GuardDuty",
        FindingSource.SecurityHub => "AWS Security Hub",
        FindingSource.Inspector => "Amazon Inspector",
        FindingSource.Analytics => "Cloud Sniper Analytics",
        _ => "Threat intelligence feed",
    };
}
