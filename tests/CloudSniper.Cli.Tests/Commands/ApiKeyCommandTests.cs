using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class ApiKeyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-apikey-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:kb.db" }, args);

    [Fact]
    public async Task Create_prints_a_prefixed_key_once_and_stores_only_its_sha256()
    {
        var run = await Sniper("apikey", "create", "--name", "soc-bot", "--role", "responder", "--accounts", "111111111111,222222222222");

        Assert.Equal(0, run.ExitCode);
        var key = run.Out.Trim();
        Assert.Matches("^snp_[A-Za-z0-9_-]{43}$", key);
        var store = new SqliteAccessStore(Path.Combine(_dir, "kb.db"));
        var stored = await store.FindByHashAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(Core.Access.ApiRole.Responder, stored.Role);
        Assert.Equal(["111111111111", "222222222222"], stored.Accounts);
        foreach (var file in Directory.EnumerateFiles(_dir, "kb.db*"))
        {
            Assert.DoesNotContain(key["snp_".Length..], await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task List_shows_names_and_roles_and_revoke_marks_the_key()
    {
        await Sniper("apikey", "create", "--name", "reader", "--role", "viewer");

        var revoke = await Sniper("apikey", "revoke", "reader");
        var again = await Sniper("apikey", "revoke", "reader");
        var list = await Sniper("apikey", "list", "--format", "json");

        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(2, again.ExitCode);
        var key = Assert.Single(JsonDocument.Parse(list.Out).RootElement.EnumerateArray());
        Assert.Equal("reader", key.GetProperty("name").GetString());
        Assert.Equal("viewer", key.GetProperty("role").GetString());
        Assert.NotEqual(JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData("--role", "root", "--name", "x")]
    [InlineData("--role", "admin", "--name", "bad name")]
    [InlineData("--role", "admin", "--name", "x", "--accounts", "12345")]
    public async Task Create_refuses_bad_roles_names_and_accounts_with_exit_2(params string[] args)
    {
        var run = await Sniper(["apikey", "create", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Serve_refuses_a_queue_that_is_not_sqs_and_a_short_environment_key()
    {
        var queue = await Sniper("serve", "--queue", "https://example.com/q");
        var shortKey = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:kb.db", ["SNIPER_API_KEY"] = "short" }, "serve");

        Assert.Equal(2, queue.ExitCode);
        Assert.Contains("sqs://", queue.Error, StringComparison.Ordinal);
        Assert.Equal(2, shortKey.ExitCode);
        Assert.Contains("SNIPER_API_KEY", shortKey.Error, StringComparison.Ordinal);
    }
}
