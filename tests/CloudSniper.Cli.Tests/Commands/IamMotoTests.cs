using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper iam review</c> live against moto's IAM (users, keys, the credential report), reached only through AWS_ENDPOINT_URL.</summary>
public sealed class IamMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("iam-moto-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Review_GivenAUserWithAKeyNeverUsed_FindsItUnusedOnceItIs45DaysOld()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        await IamAsync(ct, ("Action", "CreateUser"), ("UserName", "forgotten"));
        await IamAsync(ct, ("Action", "CreateAccessKey"), ("UserName", "forgotten"));
        var later = DateTimeOffset.UtcNow.AddDays(46).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var soon = DateTimeOffset.UtcNow.AddDays(44).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.Run(_dir.FullName, MotoTestAccount.Variables(moto), "iam", "review", "--now", later, "--format", "json");
        var early = await CliRun.Run(_dir.FullName, MotoTestAccount.Variables(moto), "iam", "review", "--now", soon, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var findings = JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("user").GetString() == "forgotten").Select(f => f.GetProperty("check").GetString()).ToList();
        Assert.Contains("key-unused", findings);
        var earlyChecks = JsonDocument.Parse(early.Out).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("user").GetString() == "forgotten").Select(f => f.GetProperty("check").GetString());
        Assert.DoesNotContain("key-unused", earlyChecks);
    }

    [Fact]
    public async Task Apply_GivenAnUnusedPassword_RemovesItAfterTheGracePeriodAndUndoPrintsANewOneOnce()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        await moto.ResetAsync(ct);
        await IamAsync(ct, ("Action", "CreateUser"), ("UserName", "stale"));
        await IamAsync(ct, ("Action", "CreateLoginProfile"), ("UserName", "stale"), ("Password", "Initial-Passw0rd!"));
        var store = Path.Combine(_dir.FullName, "kb.db");
        string Day(int days) => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir.FullName, MotoTestAccount.Variables(moto), ["--store", "sqlite:" + store, .. args]);

        var notify = await Sniper("iam", "review", "--apply", "--now", Day(60), "--format", "json");
        Assert.True(notify.ExitCode == 0, notify.Error);
        Assert.True(await IamSucceedsAsync(ct, ("Action", "GetLoginProfile"), ("UserName", "stale")));

        var retire = await Sniper("iam", "review", "--apply", "--now", Day(67), "--format", "json");
        Assert.True(retire.ExitCode == 0, retire.Error);
        var action = JsonDocument.Parse(retire.Out).RootElement.GetProperty("retirement").GetProperty("plan").GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("actionKey").GetString() == "iam-delete-login-profile");
        Assert.Equal("executed", action.GetProperty("status").GetString()?.ToLowerInvariant());
        Assert.False(await IamSucceedsAsync(ct, ("Action", "GetLoginProfile"), ("UserName", "stale")));

        var undo = await Sniper("undo", action.GetProperty("id").GetString()!);
        Assert.True(undo.ExitCode == 0, undo.Error);
        var line = undo.Out.Split('\n').Single(l => l.StartsWith("new console password (shown once", StringComparison.Ordinal));
        var password = line[(line.LastIndexOf(' ') + 1)..].Trim();
        Assert.Equal(32, password.Length);
        Assert.True(await IamSucceedsAsync(ct, ("Action", "GetLoginProfile"), ("UserName", "stale")));
        foreach (var file in Directory.GetFiles(_dir.FullName, "kb.db*"))
        {
            // The database and its write-ahead log: the audit log and the action records never hold the password.
            Assert.DoesNotContain(password, await File.ReadAllTextAsync(file, ct), StringComparison.Ordinal);
        }
    }

    private async Task<bool> IamSucceedsAsync(CancellationToken ct, params (string Key, string Value)[] form)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([.. form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("Version", "2010-05-08")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.ServiceUrl) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, ct);
        return response.IsSuccessStatusCode;
    }

    private async Task IamAsync(CancellationToken ct, params (string Key, string Value)[] form)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([.. form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), new("Version", "2010-05-08")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.ServiceUrl) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
