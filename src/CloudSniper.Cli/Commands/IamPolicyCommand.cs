using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper iam-policy</c>: the least-privilege IAM policy for the configured playbooks.</summary>
public static class IamPolicyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var playbooks = new Option<string[]>("--playbook", "-p") { Description = "Playbook file to use instead of the configured or built-in ones (repeatable)" };
        var allActions = new Option<bool>("--all-actions") { Description = "Include every registered action, not only those the playbooks use" };
        var sources = new Option<string[]>("--source")
        {
            Description = "An input the worker reads (repeatable): s3://bucket/prefix (GetObject under the prefix, ListBucket limited to it) or sqs://queue-name-or-url",
        };
        var runbook = new Option<bool>("--runbook") { Description = "Also the daily runbook's read-only calls (every posture check's and the collector's)" };
        var iamReview = new Option<bool>("--iam-review")
        {
            Description = "Also the IAM review's reads (credential report, authorisation details, keys, tags, MFA devices) and the retirement actions " +
                "the configured retirement playbook (iam.retirementPlaybook, else the built-in one) can take",
        };
        var jobs = new Option<bool>("--jobs") { Description = "Also what the enabled scheduled jobs call (their declared permissions; S3 limited to jobs.beacons.prefix and jobs.runbook.out)" };
        var command = new Command("iam-policy", "Print the least-privilege IAM policy for the actions the playbooks (and notice channels) use, built from the actions' declared " +
            "permissions and scoped to the narrowest resources each accepts; plus the configured store (dynamodb:TABLE), the --source inputs and the jobs asked for; " +
            "with assume-role configured, also sts:AssumeRole on that role");
        command.Options.Add(playbooks);
        command.Options.Add(allActions);
        command.Options.Add(sources);
        command.Options.Add(runbook);
        command.Options.Add(iamReview);
        command.Options.Add(jobs);
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, parse.GetValue(playbooks) ?? [], ct, openStore: false).ConfigureAwait(false);
            var keys = parse.GetValue(allActions)
                ? ActionRegistry.Default.All.Select(a => a.Key)
                : host.Playbooks.SelectMany(p => p.Rules).SelectMany(r => r.Do).Select(d => d.Key).Concat(host.Settings.Options.NoticeChannels.Select(n => n.Key));
            var actions = keys.Distinct().Select(k => ActionRegistry.Default.Find(k)!).ToList();
            var extra = new List<PolicyStatement>();
            var store = KnowledgeBaseFactory.ResolveUri(parse, env, ConfigResolver.LoadOrThrow(parse, env));
            if (store.StartsWith("dynamodb:", StringComparison.Ordinal))
            {
                extra.Add(WorkerPermissions.DynamoDbTable(store["dynamodb:".Length..]));
            }

            var index = 0;
            foreach (var source in parse.GetValue(sources) ?? [])
            {
                index++;
                if (Aws.Sources.S3Prefix.TryParse(source, out var prefix))
                {
                    extra.AddRange(WorkerPermissions.S3Prefix(prefix.Bucket, prefix.Prefix, index));
                }
                else if (source.StartsWith("sqs://", StringComparison.OrdinalIgnoreCase) && source.Length > "sqs://".Length)
                {
                    var queue = source["sqs://".Length..];
                    var (name, account) = Uri.TryCreate(queue, UriKind.Absolute, out var url) && url.Segments.Length >= 3
                        ? (url.Segments[^1].Trim('/'), url.Segments[^2].Trim('/'))
                        : (queue, (string?)null);
                    extra.Add(WorkerPermissions.SqsQueue(name, account, index));
                }
                else
                {
                    throw new UsageException($"--source must be s3://bucket/prefix or sqs://queue; got '{source}'");
                }
            }

            var reads = new List<string>();
            if (parse.GetValue(runbook))
            {
                reads.AddRange(WorkerPermissions.Runbook());
            }

            if (parse.GetValue(iamReview))
            {
                var retirement = IamRetirementCommand.LoadPlaybook(env, ConfigResolver.LoadOrThrow(parse, env).Iam.RetirementPlaybook);
                reads.AddRange(Core.Iam.Retirement.IamRetirementPermissions.For(retirement, ActionRegistry.Default));
            }

            if (parse.GetValue(jobs))
            {
                var config = ConfigResolver.LoadOrThrow(parse, env);
                var (jobActions, jobStatements) = Core.Jobs.JobPermissions.For(config.Jobs.Resolve(Core.Jobs.JobRegistry.Default).Jobs, config.Jobs);
                reads.AddRange(jobActions);
                extra.AddRange(jobStatements);
            }

            var permissions = actions.SelectMany(a => a.Permissions).Concat(IamPolicyBuilder.GuardPermissions).Concat(reads);
            await env.Out.WriteLineAsync(IamPolicyBuilder.Render(IamPolicyBuilder.Statements(permissions, host.Settings.Options.AssumeRoleName, extra))).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
