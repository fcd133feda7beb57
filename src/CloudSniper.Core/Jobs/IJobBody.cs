namespace CloudSniper.Core.Jobs;

/// <summary>The work of one registered job; hosts bind one to each job name.</summary>
public interface IJobBody
{
    /// <summary>Does the job's work; cancelled when the lease is lost or the host shuts down.</summary>
    Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken);
}
