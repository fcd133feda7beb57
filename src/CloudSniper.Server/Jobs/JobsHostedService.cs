using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudSniper.Server.Jobs;

/// <summary>
/// Runs this instance's job scheduler while the server runs: a tick every second starts what is due and heartbeats
/// the leases held here (a tick reads the store only when an occurrence it has not settled comes due). On shutdown
/// the running jobs are cancelled and, within the grace period less a second for the release writes, their leases
/// are released, so that another instance takes them over at once instead of after the lease expires.
/// </summary>
public sealed partial class JobsHostedService(JobsRuntime runtime, ServerOptions options, ILogger<JobsHostedService> logger) : BackgroundService
{
    /// <summary>How often the scheduler ticks.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grace = options.ShutdownGrace > TimeSpan.FromSeconds(2) ? options.ShutdownGrace - TimeSpan.FromSeconds(1) : options.ShutdownGrace / 2;
        Started(logger, runtime.Scheduler.InstanceId, runtime.Scheduler.Jobs.Count(j => j.Settings.Enabled));
        return runtime.Scheduler.RunAsync(Poll, grace, stoppingToken, ex => TickFailed(logger, ex));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "jobs: scheduler {Instance} running {Enabled} enabled job(s)")]
    private static partial void Started(ILogger logger, string instance, int enabled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "jobs: a scheduler tick failed; the next one retries")]
    private static partial void TickFailed(ILogger logger, Exception exception);
}
