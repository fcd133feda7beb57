using System.Globalization;
using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Exports;

/// <summary>
/// Findings in the AWS Security Finding Format, as a <c>{"Findings":[...]}</c> document that BatchImportFindings
/// accepts: every required attribute (SchemaVersion, Id, ProductArn, GeneratorId, AwsAccountId, Types, CreatedAt,
/// UpdatedAt, Severity, Title, Description, Resources) is always present.
/// </summary>
public sealed class AsffExporter : IFindingExporter
{
    /// <inheritdoc />
    public string Key => "asff";

    /// <inheritdoc />
    public string Description => "AWS Security Finding Format ({\"Findings\":[...]}, ready for BatchImportFindings)";

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<Finding> findings, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("Findings");
        await foreach (var f in findings.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Write(json, f, now);
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ASFF severity label of a finding.</summary>
    public static string Label(Finding f) => f.Severity <= 0 ? "INFORMATIONAL" : f.Band.ToString().ToUpperInvariant();

    /// <summary>An ASFF finding type (<c>namespace/category/classifier</c>) for a finding type.</summary>
    public static string AsffType(Finding f)
    {
        var classifier = f.Type.Raw.Replace('/', '-');
        if (f.Source == FindingSource.Inspector)
        {
            return "Software and Configuration Checks/Vulnerabilities/CVE";
        }

        return f.MitreTactic is { } tactic && tactic != "Multiple"
            ? $"TTPs/{tactic}/{classifier}"
            : $"Unusual Behaviors/{classifier}";
    }

    private static void Write(Utf8JsonWriter json, Finding f, DateTimeOffset now)
    {
        var account = f.AccountId ?? "000000000000";
        var region = f.Region ?? "us-east-1";
        var partition = f.Partition ?? "aws";
        json.WriteStartObject();
        json.WriteString("SchemaVersion", "2018-10-08");
        json.WriteString("Id", f.Id);
        json.WriteString("ProductArn", $"arn:{partition}:securityhub:{region}:{account}:product/{account}/default");
        json.WriteString("GeneratorId", $"cloud-sniper/{f.Source.ToString().ToLowerInvariant()}/{f.Type.Raw}");
        json.WriteString("AwsAccountId", account);
        json.WriteString("Region", region);
        json.WriteStartArray("Types");
        json.WriteStringValue(AsffType(f));
        json.WriteEndArray();
        WriteTime(json, "FirstObservedAt", f.FirstSeen);
        WriteTime(json, "LastObservedAt", f.LastSeen);
        WriteTime(json, "CreatedAt", f.CreatedAt ?? f.FirstSeen ?? now);
        WriteTime(json, "UpdatedAt", f.UpdatedAt ?? f.LastSeen ?? now);
        json.WriteStartObject("Severity");
        json.WriteString("Label", Label(f));
        json.WriteString("Original", f.Severity.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteString("Title", Truncate(f.Title.Length > 0 ? f.Title : f.Type.Raw, 256));
        json.WriteString("Description", Truncate(f.Description ?? f.Title, 1024));
        json.WriteStartObject("ProductFields");
        json.WriteString("cloudsniper/source", f.Source.ToString());
        json.WriteString("cloudsniper/type", f.Type.Raw);
        json.WriteString("cloudsniper/count", f.Count.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();

        json.WriteStartArray("Resources");
        var any = false;
        foreach (var r in f.Resources)
        {
            any = true;
            json.WriteStartObject();
            json.WriteString("Type", ResourceType(r.Kind));
            json.WriteString("Id", r.Arn ?? r.Id);
            json.WriteString("Partition", partition);
            json.WriteString("Region", region);
            json.WriteEndObject();
        }

        if (!any)
        {
            json.WriteStartObject();
            json.WriteString("Type", "Other");
            json.WriteString("Id", f.Id);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (f.RemoteIps.FirstOrDefault() is { } ip)
        {
            json.WriteStartObject("Network");
            json.WriteString("Direction", ip.Direction == NetworkDirection.Outbound ? "OUT" : "IN");
            json.WriteString(ip.Address.Contains(':', StringComparison.Ordinal) ? "SourceIpV6" : "SourceIpV4", ip.Address);
            if (ip.RemotePort is { } port)
            {
                json.WriteNumber("SourcePort", port);
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("Workflow");
        json.WriteString("Status", "NEW");
        json.WriteEndObject();
        json.WriteString("RecordState", f.Archived ? "ARCHIVED" : "ACTIVE");
        json.WriteEndObject();
    }

    private static string ResourceType(string kind) => kind switch
    {
        "Instance" => "AwsEc2Instance",
        "AccessKey" => "AwsIamAccessKey",
        "S3Bucket" => "AwsS3Bucket",
        "EksCluster" => "AwsEksCluster",
        "LambdaFunction" => "AwsLambdaFunction",
        "RdsDbInstance" => "AwsRdsDbInstance",
        "EbsVolume" => "AwsEc2Volume",
        "EcsCluster" => "AwsEcsCluster",
        "Container" => "Container",
        _ => "Other",
    };

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
