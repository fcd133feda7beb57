using System.Globalization;
using Amazon.S3.Model;
using CloudSniper.Aws.Sources;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The <c>runbook</c> job: <c>sniper runbook</c> (live by default) writing its reports into a folder named for the
/// occurrence under <c>jobs.runbook.out</c>, a directory or an <c>s3://bucket/prefix</c> (written locally, then put
/// object by object), with the Slack summary when <c>jobs.runbook.slack</c> is set.
/// </summary>
internal sealed class RunbookJob(JobEnvironment context) : IJobBody
{
    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = context.Config.Jobs.Runbook;
        var stamp = job.Run.Occurrence.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var outRoot = settings.Out ?? Path.Combine(context.Env.DataDirectory, "runbook-reports");
        S3Prefix? s3 = null;
        if (outRoot.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && !S3Prefix.TryParse(outRoot, out s3))
        {
            return JobOutcome.Failure($"jobs.runbook.out '{outRoot}' is not an s3://bucket/prefix", exitCode: ExitCodes.Usage);
        }

        var directory = s3 is null ? Path.Combine(context.Resolve(outRoot), stamp) : Directory.CreateTempSubdirectory("sniper-runbook-").FullName;
        try
        {
            var args = new List<string> { "runbook", "--out", directory };
            if (settings.Live)
            {
                args.Add("--live");
                foreach (var region in settings.Regions)
                {
                    args.AddRange(["--region", region]);
                }
            }

            foreach (var input in settings.CloudTrail)
            {
                args.AddRange(["--cloudtrail", input]);
            }

            foreach (var input in settings.GuardDuty)
            {
                args.AddRange(["--guardduty", input]);
            }

            if (settings.Formats is { Length: > 0 } formats)
            {
                args.AddRange(["--format", formats]);
            }

            if (settings.Slack is { Length: > 0 } slack)
            {
                args.AddRange(["--slack", slack]);
            }

            var (code, _, error) = await context.RunVerbAsync(args, cancellationToken).ConfigureAwait(false);
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
            var figures = new Dictionary<string, long> { ["files"] = files.Length };
            if (s3 is not null && code is ExitCodes.Ok)
            {
                figures["uploaded"] = await UploadAsync(s3, stamp, directory, files, cancellationToken).ConfigureAwait(false);
            }

            return JobFailures.FromVerb(code, error, figures);
        }
        finally
        {
            if (s3 is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private async Task<long> UploadAsync(S3Prefix s3, string stamp, string directory, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        using var client = AwsClients.S3(context.Env);
        var prefix = s3.Prefix.Length == 0 || s3.Prefix.EndsWith('/') ? s3.Prefix : s3.Prefix + "/";
        foreach (var file in files)
        {
            var key = prefix + stamp + "/" + Path.GetRelativePath(directory, file).Replace('\\', '/');
            await client.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = key, FilePath = file }, cancellationToken).ConfigureAwait(false);
        }

        return files.Count;
    }
}
