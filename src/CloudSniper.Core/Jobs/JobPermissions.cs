using CloudSniper.Core.Configuration;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Jobs;

/// <summary>What the enabled jobs add to a worker's IAM policy: their declared permissions, with S3 narrowed to the configured locations.</summary>
public static class JobPermissions
{
    /// <summary>
    /// The IAM actions (scoped by <see cref="PermissionScopes"/>) and extra statements for <paramref name="jobs"/> that are
    /// enabled: a beacons job reading an <c>s3://</c> prefix gets read access to that prefix only, a runbook job writing to
    /// one gets <c>s3:PutObject</c> under it only; without an S3 location the S3 actions are left out.
    /// </summary>
    public static (IReadOnlyList<string> Actions, IReadOnlyList<PolicyStatement> Statements) For(IEnumerable<JobSettings> jobs, JobsConfig config)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(config);
        var actions = new List<string>();
        var statements = new List<PolicyStatement>();
        foreach (var job in jobs.Where(j => j.Enabled))
        {
            actions.AddRange(job.Definition.Permissions.Where(p => !p.StartsWith("s3:", StringComparison.Ordinal)));
            if (job.Name == JobRegistry.Beacons && SplitS3(config.Beacons.Prefix) is { } read)
            {
                statements.AddRange(WorkerPermissions.S3Prefix(read.Bucket, read.Prefix, 90));
            }

            if (job.Name == JobRegistry.Dns && SplitS3(config.Dns.Prefix) is { } queryLogs)
            {
                statements.AddRange(WorkerPermissions.S3Prefix(queryLogs.Bucket, queryLogs.Prefix, 91));
            }

            if (job.Name == JobRegistry.Runbook && SplitS3(config.Runbook.Out) is { } write)
            {
                statements.Add(new PolicyStatement("CloudSniperRunbookReports", ["s3:PutObject"], [$"arn:aws:s3:::{write.Bucket}/{write.Prefix}*"]));
            }
        }

        return ([.. actions.Distinct(StringComparer.Ordinal)], statements);
    }

    private static (string Bucket, string Prefix)? SplitS3(string? uri)
    {
        if (uri is null || !uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        return bucket.Length == 0 ? null : (bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }
}
