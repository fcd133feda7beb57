using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Access;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper apikey create|list|revoke</c>: the keys of the <c>sniper serve</c> API (only their hashes are stored).</summary>
public static class ApiKeyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("apikey", "Create, list and revoke API keys of 'sniper serve'");

        var name = new Option<string>("--name") { Description = "Key name (shown in the audit log)", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (read), responder (also approve, unblock, undo, notes, close) or admin (also keys, jobs)", Required = true, HelpName = "viewer|responder|admin" };
        var accounts = new Option<string?>("--accounts") { Description = "Comma-separated AWS account ids the key is limited to (default: every account)" };
        var create = new Command("create", "Create a key and print it once");
        create.Options.Add(name);
        create.Options.Add(role);
        create.Options.Add(accounts);
        create.SetAction(async (parse, ct) =>
        {
            if (!ApiKeyManager.TryParseRole(parse.GetValue(role)!, out var parsedRole))
            {
                throw new UsageException($"--role must be viewer, responder or admin; got '{parse.GetValue(role)}'");
            }

            await using var scope = await OpenAsync(env, parse, ct).ConfigureAwait(false);
            try
            {
                var (key, secret) = await scope.Manager.CreateAsync(parse.GetValue(name)!, parsedRole, ApiKeyManager.ParseAccounts(parse.GetValue(accounts)), Environment.UserName, ct).ConfigureAwait(false);
                await env.Out.WriteLineAsync(secret).ConfigureAwait(false);
                env.Notes.WriteLine($"sniper: created {key.Role.ToString().ToLowerInvariant()} key '{key.Name}'{(key.IsScoped ? " for accounts " + string.Join(",", key.Accounts) : "")}; it is shown only now, store it safely");
                return ExitCodes.Ok;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message.Split(" (Parameter", 2)[0]);
            }
        });

        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv);
        var list = new Command("list", "List keys (never their secrets)");
        list.Options.Add(format);
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = await OpenAsync(env, parse, ct).ConfigureAwait(false);
            var keys = await scope.Manager.ListAsync(ct).ConfigureAwait(false);
            DataWriter.Write(
                env,
                parse.GetValue(format),
                keys,
                [
                    new Column<ApiKey>("Name", k => k.Name, Whole: true),
                    new Column<ApiKey>("Role", k => k.Role.ToString().ToLowerInvariant()),
                    new Column<ApiKey>("Accounts", k => k.IsScoped ? string.Join(",", k.Accounts) : "all"),
                    new Column<ApiKey>("Created", k => k.CreatedAt),
                    new Column<ApiKey>("Revoked", k => k.RevokedAt),
                ],
                k => new { name = k.Name, role = k.Role.ToString().ToLowerInvariant(), accounts = k.Accounts, createdAt = k.CreatedAt, revokedAt = k.RevokedAt });
            return ExitCodes.Ok;
        });

        var revokeName = new Argument<string>("name") { Description = "Name of the key to revoke" };
        var revoke = new Command("revoke", "Revoke a key: it is refused from now on");
        revoke.Arguments.Add(revokeName);
        revoke.SetAction(async (parse, ct) =>
        {
            await using var scope = await OpenAsync(env, parse, ct).ConfigureAwait(false);
            if (!await scope.Manager.RevokeAsync(parse.GetValue(revokeName)!, Environment.UserName, ct).ConfigureAwait(false))
            {
                throw new UsageException($"no active key named '{parse.GetValue(revokeName)}'");
            }

            env.Notes.WriteLine($"sniper: revoked key '{parse.GetValue(revokeName)}'");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static async Task<Scope> OpenAsync(CliEnvironment env, ParseResult parse, CancellationToken ct)
    {
        var uri = KnowledgeBaseFactory.ResolveUri(parse, env, ConfigResolver.LoadOrThrow(parse, env));
        var knowledgeBase = await KnowledgeBaseFactory.OpenAsync(uri, env, ct).ConfigureAwait(false);
        var (keys, _) = await AccessStoreFactory.OpenAsync(uri, env, ct).ConfigureAwait(false);
        return new Scope(knowledgeBase, keys, new ApiKeyManager(keys, knowledgeBase, env.Time));
    }

    private sealed record Scope(Core.KnowledgeBase.IKnowledgeBase KnowledgeBase, IApiKeyStore Keys, ApiKeyManager Manager) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Keys.DisposeAsync().ConfigureAwait(false);
            await KnowledgeBase.DisposeAsync().ConfigureAwait(false);
        }
    }
}
