using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>ip-ranges</c> job: downloads AWS's ip-ranges.json and installs it where every verb reads the guards' ranges
/// (<c>sniper ip-ranges refresh</c>'s file). A download that fails or does not parse leaves the cached copy in place.
/// </summary>
internal sealed class IpRangesJob(JobEnvironment context, HttpMessageHandler? handler = null) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var url = new Uri(context.Config.Jobs.IpRanges.Url);
        byte[] bytes;
        using (var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false))
        {
            http.Timeout = TimeSpan.FromSeconds(60);
            try
            {
                bytes = await http.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                return JobOutcome.Failure($"cannot download {url}: {ex.Message}; the cached copy stays in use", exitCode: ExitCodes.Aws);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return JobOutcome.Failure($"cannot download {url}: {ex.Message}; the cached copy stays in use", exitCode: ExitCodes.Aws);
            }
        }

        AwsIpRanges ranges;
        try
        {
            ranges = AwsIpRanges.Parse(new MemoryStream(bytes));
        }
        catch (FormatException ex)
        {
            return JobOutcome.Failure($"rejected {url}: {ex.Message}; the cached copy stays in use", exitCode: ExitCodes.InputRejected);
        }

        // Written beside the target and moved over it, so a reader never sees half a file.
        Directory.CreateDirectory(context.Env.DataDirectory);
        var target = ResponseHost.IpRangesPath(context.Env);
        var temp = target + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, target, overwrite: true);
        return JobOutcome.Success(new Dictionary<string, long> { ["prefixes"] = ranges.PrefixCount, ["bytes"] = bytes.Length });
    }
}
