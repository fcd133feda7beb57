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
        var command = new Command("iam-policy", "Print the least-privilege IAM policy for the actions the playbooks (and notice channels) use, built from the actions' declared permissions; with assume-role configured, also sts:AssumeRole on that role");
        command.Options.Add(playbooks);
        command.Options.Add(allActions);
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, parse.GetValue(playbooks) ?? [], ct).ConfigureAwait(false);
            var keys = parse.GetValue(allActions)
                ? ActionRegistry.Default.All.Select(a => a.Key)
                : host.Playbooks.SelectMany(p => p.Rules).SelectMany(r => r.Do).Select(d => d.Key).Concat(host.Settings.Options.NoticeChannels.Select(n => n.Key));
            var actions = keys.Distinct().Select(k => ActionRegistry.Default.Find(k)!).ToList();
            await env.Out.WriteLineAsync(IamPolicyBuilder.Build(actions, host.Settings.Options.AssumeRoleName)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
