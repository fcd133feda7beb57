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
}
