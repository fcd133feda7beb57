using System.Globalization;
using System.Text.Json;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Exports;

/// <summary>
/// A STIX 2.1 bundle: an <c>identity</c> for Cloud Sniper and one <c>indicator</c> per IOC with the properties the
/// specification requires (type, spec_version, id, created, modified, pattern, pattern_type, valid_from), plus
/// valid_until from the expiry, confidence, name, description and indicator_types.
/// </summary>
public sealed class StixBundleExporter : IIocExporter
{
    /// <summary>The identity every exported indicator is created by.</summary>
    public static readonly string IdentityId = "identity--" + DeterministicUuid.Create(DeterministicUuid.ProductNamespace, "identity:cloud-sniper");

    /// <inheritdoc />
    public string Key => "stix";

    /// <inheritdoc />
    public string Description => "STIX 2.1 bundle of indicators";

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<Ioc> iocs, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var stamp = Timestamp(now);
        json.WriteStartObject();
        json.WriteString("type", "bundle");
        json.WriteString("id", "bundle--" + Guid.NewGuid());
        json.WriteStartArray("objects");

        json.WriteStartObject();
        json.WriteString("type", "identity");
        json.WriteString("spec_version", "2.1");
        json.WriteString("id", IdentityId);
        json.WriteString("created", "2026-01-01T00:00:00.000Z");
        json.WriteString("modified", "2026-01-01T00:00:00.000Z");
        json.WriteString("name", "Cloud Sniper");
        json.WriteString("identity_class", "system");
        json.WriteEndObject();

        await foreach (var ioc in iocs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteIndicator(json, ioc, stamp);
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The STIX pattern that matches <paramref name="ioc"/>.</summary>
    public static string Pattern(Ioc ioc)
    {
        var objectType = ioc.Type switch
        {
            IocType.Ipv4 => "ipv4-addr",
            IocType.Ipv6 => "ipv6-addr",
            IocType.Cidr => ioc.Value.Contains(':', StringComparison.Ordinal) ? "ipv6-addr" : "ipv4-addr",
            IocType.Domain => "domain-name",
            _ => "url",
        };
        var escaped = ioc.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        return $"[{objectType}:value = '{escaped}']";
    }

    private static void WriteIndicator(Utf8JsonWriter json, Ioc ioc, string now)
    {
        var created = Timestamp(ioc.FirstSeen == default ? DateTimeOffset.UnixEpoch : ioc.FirstSeen);
        json.WriteStartObject();
        json.WriteString("type", "indicator");
        json.WriteString("spec_version", "2.1");
        json.WriteString("id", "indicator--" + DeterministicUuid.Create(DeterministicUuid.ProductNamespace, "indicator:" + ioc.Value));
        json.WriteString("created_by_ref", IdentityId);
        json.WriteString("created", created);
        json.WriteString("modified", Timestamp(ioc.LastSeen == default ? DateTimeOffset.UnixEpoch : ioc.LastSeen));
        json.WriteString("name", ioc.Value);
        json.WriteString("description", ioc.Description ?? $"Seen {ioc.Sightings} time(s) by {string.Join(", ", ioc.Sources)}");
        json.WriteStartArray("indicator_types");
        json.WriteStringValue("malicious-activity");
        json.WriteEndArray();
        json.WriteString("pattern", Pattern(ioc));
        json.WriteString("pattern_type", "stix");
        json.WriteString("pattern_version", "2.1");
        json.WriteString("valid_from", created);
        if (ioc.ExpiresAt is { } expires && expires > (ioc.FirstSeen == default ? DateTimeOffset.UnixEpoch : ioc.FirstSeen))
        {
            json.WriteString("valid_until", Timestamp(expires));
        }

        json.WriteNumber("confidence", Math.Clamp(ioc.Confidence, 0, 100));
        json.WriteStartArray("labels");
        foreach (var source in ioc.Sources)
        {
            json.WriteStringValue(source);
        }

        json.WriteEndArray();
        json.WriteString("x_cloudsniper_exported", now);
        json.WriteNumber("x_cloudsniper_sightings", ioc.Sightings);
        json.WriteEndObject();
    }

    private static string Timestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
