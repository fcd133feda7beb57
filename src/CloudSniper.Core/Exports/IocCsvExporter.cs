using System.Globalization;
using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Exports;

/// <summary>Indicators as CSV with a header: value, type, first/last seen, sightings, confidence, sources, accounts, regions, expiry, description.</summary>
public sealed class IocCsvExporter : IIocExporter
{
    /// <inheritdoc />
    public string Key => "csv";

    /// <inheritdoc />
    public string Description => "CSV with a header row";

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<Ioc> iocs, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync("value,type,first_seen,last_seen,sightings,confidence,sources,accounts,regions,expires_at,description").ConfigureAwait(false);
        await foreach (var ioc in iocs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            string[] cells =
            [
                ioc.Value,
                ioc.Type.ToString().ToLowerInvariant(),
                Time(ioc.FirstSeen),
                Time(ioc.LastSeen),
                ioc.Sightings.ToString(CultureInfo.InvariantCulture),
                ioc.Confidence.ToString(CultureInfo.InvariantCulture),
                string.Join(';', ioc.Sources),
                string.Join(';', ioc.Accounts),
                string.Join(';', ioc.Regions),
                ioc.ExpiresAt is { } e ? Time(e) : "",
                ioc.Description ?? "",
            ];
            await writer.WriteLineAsync(CsvField.Record(cells)).ConfigureAwait(false);
        }
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
