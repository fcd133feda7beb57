namespace CloudSniper.Core.Exports;

/// <summary>The registry of indicator feed formats.</summary>
public static class IocExporters
{
    /// <summary>Every registered exporter.</summary>
    public static IReadOnlyList<IIocExporter> All { get; } = [new StixBundleExporter(), new IocCsvExporter(), new IocTextExporter()];

    /// <summary>The exporter for a key, or null.</summary>
    public static IIocExporter? Find(string key) => All.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
}
