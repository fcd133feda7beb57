namespace CloudSniper.Core.Jobs;

/// <summary>A registered job: what it declares (name, description, default schedule and on/off, lease length, IAM permissions).</summary>
/// <param name="Name">The stable name used in configuration (<c>jobs.&lt;name&gt;</c>) and on the command line.</param>
/// <param name="Description">One sentence for <c>sniper jobs list</c>.</param>
/// <param name="DefaultSchedule">The schedule when <c>jobs.&lt;name&gt;.schedule</c> is not set.</param>
/// <param name="DefaultEnabled">Whether it runs when <c>jobs.&lt;name&gt;.enabled</c> is not set.</param>
/// <param name="Permissions">The IAM actions its body calls (for <c>sniper iam-policy --jobs</c>).</param>
/// <param name="Lease">How long a lease lasts without a heartbeat; the holder heartbeats every third of it.</param>
public sealed record JobDefinition(
    string Name,
    string Description,
    string DefaultSchedule,
    bool DefaultEnabled,
    IReadOnlyList<string> Permissions,
    TimeSpan Lease);
