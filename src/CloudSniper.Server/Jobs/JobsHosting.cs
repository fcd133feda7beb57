using CloudSniper.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Jobs;

/// <summary>Plugs the scheduled jobs into a server: the runtime for <c>/api/v1/jobs</c> and, unless <see cref="ServerOptions.NoJobs"/>, the hosted scheduler.</summary>
public static class JobsHosting
{
    /// <summary>Registers <paramref name="scheduler"/> and <paramref name="store"/> through <see cref="ServerOptions.ConfigureServices"/>.</summary>
    public static void Add(ServerOptions options, JobScheduler scheduler, IJobStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runtime = new JobsRuntime(scheduler, store, Running: !options.NoJobs);
        options.ConfigureServices.Add(services =>
        {
            services.AddSingleton(runtime);
            if (runtime.Running)
            {
                services.AddHostedService<JobsHostedService>();
            }
        });
    }
}
