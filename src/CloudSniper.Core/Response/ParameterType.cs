namespace CloudSniper.Core.Response;

/// <summary>The type of an action parameter, as it appears in YAML and in the generated JSON schema.</summary>
public enum ParameterType
{
    String,
    Integer,
    Boolean,

    /// <summary>A duration such as <c>30m</c>, <c>24h</c> or <c>7d</c>.</summary>
    Duration,

    /// <summary>One of <see cref="ActionParameter.AllowedValues"/>.</summary>
    Enum,

    /// <summary>A YAML sequence of strings (or one comma-separated string).</summary>
    List,
}
