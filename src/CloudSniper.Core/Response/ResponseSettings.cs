using System.Collections.Immutable;

namespace CloudSniper.Core.Response;

/// <summary>The response settings read from the configuration: options, the playbook files to load, and any errors.</summary>
public sealed record ResponseSettings(ResponseOptions Options, ImmutableArray<string> PlaybookFiles, IReadOnlyList<string> Errors)
{
    /// <summary>The defaults, with no configuration file.</summary>
    public static ResponseSettings Default { get; } = new(new ResponseOptions(), [], []);
}
