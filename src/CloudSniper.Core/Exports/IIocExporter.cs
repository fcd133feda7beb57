using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Exports;

/// <summary>Writes indicators in one feed format; registered by key in <see cref="IocExporters"/>.</summary>
public interface IIocExporter
{
    /// <summary>The <c>--format</c> key.</summary>
    string Key { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Writes <paramref name="iocs"/> to <paramref name="output"/>; <paramref name="now"/> stamps the export.</summary>
    Task WriteAsync(IAsyncEnumerable<Ioc> iocs, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default);
}
