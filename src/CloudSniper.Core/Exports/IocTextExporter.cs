using System.Text;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Exports;

/// <summary>
/// One blockable value a line, usable as a firewall or WAF feed: only public addresses and CIDR blocks (never a
/// private, reserved or documentation range), de-duplicated, in the order given.
/// </summary>
public sealed class IocTextExporter : IIocExporter
{
    /// <inheritdoc />
    public string Key => "txt";

    /// <inheritdoc />
    public string Description => "one blockable IP or CIDR a line (firewall or WAF feed)";

    /// <inheritdoc />
    public async Task WriteAsync(IAsyncEnumerable<Ioc> iocs, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var ioc in iocs.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (ioc.Type is IocType.Ipv4 or IocType.Ipv6 or IocType.Cidr && IocValue.IsBlockable(ioc.Value, ioc.Type) && seen.Add(ioc.Value))
            {
                await writer.WriteLineAsync(ioc.Value).ConfigureAwait(false);
            }
        }
    }
}
