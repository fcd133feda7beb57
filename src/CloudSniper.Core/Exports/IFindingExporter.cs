using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Exports;

/// <summary>Writes findings in one interchange format; registered by key in <see cref="FindingExporters"/>.</summary>
public interface IFindingExporter
{
    /// <summary>The <c>--format</c> key.</summary>
    string Key { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Writes <paramref name="findings"/> as one JSON document to <paramref name="output"/>.</summary>
    Task WriteAsync(IAsyncEnumerable<Finding> findings, Stream output, DateTimeOffset now, CancellationToken cancellationToken = default);
}
