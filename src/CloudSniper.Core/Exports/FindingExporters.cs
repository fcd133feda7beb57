namespace CloudSniper.Core.Exports;

/// <summary>The registry of finding interchange formats.</summary>
public static class FindingExporters
{
    /// <summary>Every registered exporter.</summary>
    public static IReadOnlyList<IFindingExporter> All { get; } = [new OcsfExporter(), new AsffExporter()];

    /// <summary>The exporter for a key, or null.</summary>
    public static IFindingExporter? Find(string key) => All.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
}
