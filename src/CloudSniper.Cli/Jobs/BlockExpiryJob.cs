using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Jobs;

/// <summary>The <c>block-expiry</c> job: removes expired blocks from the WAF IP sets and network ACLs, as <c>sniper blocks expire</c>.</summary>
internal sealed class BlockExpiryJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var host = await ResponseHost.OpenAsync(context.Env, context.Parse, [], cancellationToken).ConfigureAwait(false);
        var runner = (await host.ConnectAsync(context.Env, cancellationToken, withOwnAddresses: false).ConfigureAwait(false)).Runner;
        var results = await runner.ExpireBlocksAsync(cancellationToken).ConfigureAwait(false);
        var failed = results.Where(r => r.Outcome.Status != ActionStatus.Executed).ToList();
        var figures = new Dictionary<string, long> { ["targets"] = results.Count, ["failed"] = failed.Count };
        return failed.Count == 0
            ? JobOutcome.Success(figures)
            : JobOutcome.Failure(string.Join("; ", failed.Take(3).Select(f => $"{f.Target}: {f.Outcome.Message}")), figures, ExitCodes.Aws);
    }
}
