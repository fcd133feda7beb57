namespace CloudSniper.Core.Configuration;

/// <summary>A loaded configuration and every problem found in it; the config is usable only when there are no errors.</summary>
public sealed record ConfigLoadResult(SniperConfig Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
