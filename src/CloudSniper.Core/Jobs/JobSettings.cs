namespace CloudSniper.Core.Jobs;

/// <summary>A registered job with its schedule and on/off as the configuration says.</summary>
/// <param name="Definition">What the registry declares.</param>
/// <param name="Schedule">The schedule in effect.</param>
/// <param name="Enabled">Whether the scheduler runs it (a manual run works either way).</param>
public sealed record JobSettings(JobDefinition Definition, JobSchedule Schedule, bool Enabled)
{
    /// <summary>The job's name.</summary>
    public string Name => Definition.Name;
}
