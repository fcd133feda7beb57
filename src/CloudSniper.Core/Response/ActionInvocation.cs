using System.Collections.Immutable;
using System.Globalization;

namespace CloudSniper.Core.Response;

/// <summary>
/// One entry of a rule's <c>do</c> list: the action key, its phase, and its parameter values (validated, defaults
/// filled in; lists are stored comma-joined).
/// </summary>
public sealed record ActionInvocation(string Key, NistPhase Phase, ImmutableSortedDictionary<string, string> Parameters, int Line = 0)
{
    /// <summary>A parameter's text, or null when absent.</summary>
    public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>A parameter's text, or <paramref name="fallback"/>.</summary>
    public string GetString(string name, string fallback) => Get(name) ?? fallback;

    /// <summary>A boolean parameter, or <paramref name="fallback"/>.</summary>
    public bool GetBool(string name, bool fallback) =>
        Get(name) is { } v ? string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) : fallback;

    /// <summary>An integer parameter, or <paramref name="fallback"/>.</summary>
    public long GetInt(string name, long fallback) =>
        Get(name) is { } v && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>A duration parameter, or <paramref name="fallback"/>.</summary>
    public TimeSpan GetDuration(string name, TimeSpan fallback) =>
        Get(name) is { } v && Durations.TryParse(v, out var d) ? d : fallback;

    /// <summary>A list parameter's items (empty when absent).</summary>
    public IReadOnlyList<string> GetList(string name) =>
        Get(name) is { Length: > 0 } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
