using Amazon.Runtime;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests.Hosting;

/// <summary>The global --profile and --region reach the AWS clients the verbs create, as the AWS CLI's options do.</summary>
public sealed class AwsSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-aws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliEnvironment Env(Dictionary<string, string> variables) => new()
    {
        Out = TextWriter.Null,
        Error = TextWriter.Null,
        OpenStdin = () => new MemoryStream(),
        GetVariable = name => variables.GetValueOrDefault(name),
    };

    [Fact]
    public void WithAwsSettings_GivenProfileAndRegion_OverridesTheEnvironmentsOwn()
    {
        var env = CliApp.WithAwsSettings(Env(new() { ["AWS_PROFILE"] = "default", ["AWS_REGION"] = "us-east-1", ["HOME"] = "/home/x" }), "audit", "eu-west-2");

        Assert.Equal("audit", env.GetVariable("AWS_PROFILE"));
        Assert.Equal("eu-west-2", env.GetVariable("AWS_REGION"));
        Assert.Equal("eu-west-2", env.GetVariable("AWS_DEFAULT_REGION"));
        Assert.Equal("/home/x", env.GetVariable("HOME"));
    }

    [Fact]
    public void Clients_GivenARegion_AreBuiltForIt()
    {
        var env = CliApp.WithAwsSettings(Env(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "secret" }), null, "ap-southeast-2");

        using var sqs = AwsClients.Sqs(env);
        using var dynamo = AwsClients.DynamoDb(env);

        Assert.Equal("ap-southeast-2", sqs.Config.RegionEndpoint?.SystemName);
        Assert.Equal("ap-southeast-2", dynamo.Config.RegionEndpoint?.SystemName);
    }

    [Fact]
    public async Task Credentials_GivenAProfile_ReadsItFromTheSharedCredentialsFile()
    {
        var file = Path.Combine(_dir, "credentials");
        await File.WriteAllTextAsync(file, "[audit]\naws_access_key_id = AKIAAUDITEXAMPLE\naws_secret_access_key = auditsecret\n", TestContext.Current.CancellationToken);
        var variables = new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = file, ["AWS_PROFILE"] = "default" };

        var credentials = AwsClients.Credentials(CliApp.WithAwsSettings(Env(variables), "audit", null));

        var resolved = await Assert.IsAssignableFrom<AWSCredentials>(credentials).GetCredentialsAsync();
        Assert.Equal("AKIAAUDITEXAMPLE", resolved.AccessKey);
        var missing = Assert.Throws<UsageException>(() => AwsClients.Credentials(CliApp.WithAwsSettings(Env(variables), "nope", null)));
        Assert.Contains("AWS profile 'nope' not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_GivenOnAnyVerb_IsAccepted()
    {
        var run = await CliRun.Run(_dir, null, "ioc", "list", "--profile", "audit", "--region", "eu-west-1", "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
    }
}
