using Amazon.Runtime;

namespace CloudSniper.Aws.Tests.Replay;

/// <summary>The SDK's HTTP client factory over a <see cref="ReplayHandler"/>, so SDK clients (EC2, STS) replay recorded answers.</summary>
internal sealed class ReplayHttpClientFactory(ReplayHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
