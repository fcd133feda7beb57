using System.Collections.Immutable;

namespace CloudSniper.Core.Response;

/// <summary>One declared parameter of a response action.</summary>
public sealed record ActionParameter(
    string Name,
    ParameterType Type,
    string Description,
    string? Default = null,
    bool Required = false)
{
    /// <summary>For <see cref="ParameterType.Enum"/> and enum-valued lists: the permitted values.</summary>
    public ImmutableArray<string> AllowedValues { get; init; } = [];

    /// <summary>
    /// True when the value names the environment variable that holds a secret: the plan stores only the name, the
    /// executor reads the variable when it runs, and every printer shows <see cref="Redacted"/> instead.
    /// </summary>
    public bool Secret { get; init; }

    /// <summary>What printers show for a secret parameter.</summary>
    public const string Redacted = "***";

    /// <summary>The value as printers may show it: <see cref="Redacted"/> for a secret parameter.</summary>
    public string Display(string value) => Secret ? Redacted : value;
}
