using System.CommandLine;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli;

/// <summary>Every verb of <c>sniper</c>, registered explicitly in help order.</summary>
public static class CommandRegistry
{
    /// <summary>Creates the verbs bound to <paramref name="env"/>.</summary>
    public static IEnumerable<Command> Create(CliEnvironment env)
    {
        yield return Commands.DemoCommand.Create(env);
        yield return Commands.IngestCommand.Create(env);
        yield return Commands.IocCommand.Create(env);
        yield return Commands.IncidentsCommand.Create(env);
        yield return Commands.FindingsCommand.Create(env);
        yield return Commands.RespondCommand.Create(env);
        yield return Commands.PlaybooksCommand.Create(env);
        yield return Commands.BlocksCommand.Create(env);
        yield return Commands.UnblockCommand.Create(env);
        yield return Commands.UndoCommand.Create(env);
        yield return Commands.PlansCommand.Create(env);
        yield return Commands.ApproveCommand.Create(env);
        yield return Commands.IamCommand.Create(env);
        yield return Commands.IamPolicyCommand.Create(env);
        yield return Commands.IpRangesCommand.Create(env);
        yield return Commands.BeaconsCommand.Create(env);
        yield return Commands.HuntCommand.Create(env);
        yield return Commands.DnsCommand.Create(env);
        yield return Commands.RunbookCommand.Create(env);
        yield return Commands.JobsCommand.Create(env);
        yield return Commands.ConfigCommand.Create(env);
        yield return Commands.ServeCommand.Create(env);
        yield return Commands.ApiKeyCommand.Create(env);
        yield return Commands.VersionCommand.Create(env);
    }
}
