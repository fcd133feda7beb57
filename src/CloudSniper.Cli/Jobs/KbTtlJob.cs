using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Jobs;

/// <summary>The <c>kb-ttl</c> job: removes the indicators (and their sightings) whose expiry or <c>iocTtlDays</c> has passed.</summary>
internal sealed class KbTtlJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var store = await KnowledgeBaseFactory.OpenAsync(context.StoreUri, context.Env, cancellationToken).ConfigureAwait(false);
        var all = new List<Core.Iocs.Ioc>();
        await foreach (var ioc in store.ListIocsAsync(new IocQuery(Limit: int.MaxValue), cancellationToken).ConfigureAwait(false))
        {
            all.Add(ioc);
        }

        var removed = 0;
        foreach (var ioc in IndicatorExpiry.Expired(all, job.Now, KnowledgeBaseRules.IocTtl(context.Config.IocTtlDays)))
        {
            removed += await store.RemoveIocAsync(ioc.Value, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return JobOutcome.Success(new Dictionary<string, long> { ["scanned"] = all.Count, ["removed"] = removed });
    }
}
