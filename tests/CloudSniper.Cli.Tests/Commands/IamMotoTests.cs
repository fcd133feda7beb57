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
