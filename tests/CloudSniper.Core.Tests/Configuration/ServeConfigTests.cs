using CloudSniper.Core.Configuration;

namespace CloudSniper.Core.Tests.Configuration;

public sealed class ServeConfigTests
{
    [Fact]
    public void Serve_and_feed_keys_bind_and_a_feed_secret_comes_from_the_environment()
    {
        var yaml = """
            serve:
              urls: [http://0.0.0.0:9000]
              queues: [sqs://guardduty-findings]
              consumers: 3
              jobs: false
            feeds:
              partner:
                secret: from-the-file
            """;
        KeyValuePair<string, string>[] environment = [new("SNIPER_FEEDS__ACME__SECRET", "from-the-environment"), new("SNIPER_API_KEY", "snp_not-a-config-key")];

        var result = ConfigLoader.Load(yaml, "sniper.yaml", environment);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["http://0.0.0.0:9000"], result.Config.Serve.Urls);
        Assert.Equal(["sqs://guardduty-findings"], result.Config.Serve.Queues);
        Assert.Equal(3, result.Config.Serve.Consumers);
        Assert.False(result.Config.Serve.Jobs);
        Assert.True(result.Config.Serve.Http);
        Assert.Equal("from-the-file", result.Config.Feeds["partner"].Secret);
        Assert.Equal("from-the-environment", result.Config.Feeds["acme"].Secret);
    }

    [Fact]
    public void An_unknown_key_under_serve_is_reported_with_its_line()
    {
        var result = ConfigLoader.Load("serve:\n  consumerz: 3\n", "sniper.yaml", []);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.serve.consumerz", error.Path);
        Assert.StartsWith("sniper.yaml:2:", error.Where, StringComparison.Ordinal);
    }
}
