namespace CloudSniper.Core.Jobs;

/// <summary>A configured job bound to the body that does its work.</summary>
/// <param name="Settings">The job's definition, schedule and on/off.</param>
/// <param name="Body">Its work.</param>
public sealed record ScheduledJob(JobSettings Settings, IJobBody Body)
{
    /// <summary>The job's name.</summary>
    public string Name => Settings.Name;
}
