using CloudSniper.Core.Jobs;

namespace CloudSniper.Server.Jobs;

/// <summary>The jobs the host composed for this instance: its scheduler, the store every instance shares, and whether the scheduler runs here.</summary>
/// <param name="Scheduler">This instance's scheduler over the registered jobs.</param>
/// <param name="Store">The job store (leases, history, watermarks).</param>
/// <param name="Running">False under <c>--no-jobs</c>: the API shows the jobs but does not start them here.</param>
public sealed record JobsRuntime(JobScheduler Scheduler, IJobStore Store, bool Running);
