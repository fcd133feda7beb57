using CloudSniper.Aws.Signing;

namespace CloudSniper.Aws.Tests.Signing;

public class AwsEndpointResolverTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void Resolve_GivenNothingConfigured_UsesTheRegionalEndpoint()
    {
        var (uri, region) = AwsEndpointResolver.Resolve(AwsServiceDescription.Wafv2, "eu-west-1", Env());
        Assert.Equal("https://wafv2.eu-west-1.amazonaws.com/", uri.ToString());
        Assert.Equal("eu-west-1", region);
    }

    [Fact]
    public void Resolve_GivenServiceSpecificVariable_PrefersItOverTheGlobalOne()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"), ("AWS_ENDPOINT_URL_WAFV2", "http://127.0.0.1:2222"));
        Assert.Equal(2222, AwsEndpointResolver.Resolve(AwsServiceDescription.Wafv2, "eu-west-1", env).Endpoint.Port);
        Assert.Equal(1111, AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", env).Endpoint.Port);
    }

    [Fact]
    public void Resolve_GivenIgnoreFlag_IgnoresConfiguredEndpoints()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        Assert.Equal("https://sns.eu-west-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", env).Endpoint.ToString());
    }

    [Theory]
    [InlineData("eu-west-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    public void Resolve_GivenGlobalIam_SignsForThePartitionHome(string region, string url, string signing)
    {
        var (uri, signingRegion) = AwsEndpointResolver.Resolve(AwsServiceDescription.Iam, region, Env());
        Assert.Equal(url, uri.ToString());
        Assert.Equal(signing, signingRegion);
    }

    [Theory]
    [InlineData("WAFV2", "WAFV2")]
    [InlineData("Cognito Identity", "COGNITO_IDENTITY")]
    public void EnvironmentSuffix_FollowsTheSdkConvention(string serviceId, string suffix) =>
        Assert.Equal(suffix, AwsEndpointResolver.EnvironmentSuffix(serviceId));

    [Fact]
    public void Resolve_GivenSharedConfigFile_UsesTheServicesSectionThenTheProfile()
    {
        var dir = Directory.CreateTempSubdirectory("aws-config-").FullName;
        try
        {
            var config = Path.Combine(dir, "config");
            File.WriteAllText(config, """
                [default]
                region = eu-west-1

                [profile emulator]
                endpoint_url = http://127.0.0.1:4000
                services = local

                [services local]
                wafv2 =
                  endpoint_url = http://127.0.0.1:5000
                sns =
                  region = us-east-1

                [profile quiet]
                endpoint_url = http://127.0.0.1:4000
                ignore_configured_endpoint_urls = true
                """);
            var env = Env(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "emulator"));
            Assert.Equal(5000, AwsEndpointResolver.Resolve(AwsServiceDescription.Wafv2, "eu-west-1", env).Endpoint.Port);
            Assert.Equal(4000, AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", env).Endpoint.Port);
            Assert.Equal(6000, AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", Env(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "emulator"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:6000"))).Endpoint.Port);
            Assert.Equal("https://sns.eu-west-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", Env(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "quiet"))).Endpoint.ToString());
            Assert.Equal(4000, AwsEndpointResolver.Resolve(AwsServiceDescription.Sns, "eu-west-1", Env(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "quiet"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"))).Endpoint.Port);
            Assert.Equal("https://wafv2.eu-west-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsServiceDescription.Wafv2, "eu-west-1", Env(("AWS_CONFIG_FILE", config))).Endpoint.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
