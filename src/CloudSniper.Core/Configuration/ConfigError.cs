namespace CloudSniper.Core.Configuration;

/// <summary>A configuration problem: the key path, where it is (file:line:column, or the environment variable) and why.</summary>
public sealed record ConfigError(string Path, string Where, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Where}: {Path}: {Reason}";
}
