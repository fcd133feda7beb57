using Amazon.Runtime;

namespace CloudSniper.Aws.Posture.Internal;

/// <summary>Gives the SDK clients HTTP clients over the collector's transport (real sockets, or replayed responses in tests).</summary>
internal sealed class TransportHttpClientFactory(Func<HttpMessageHandler> transport) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(transport(), disposeHandler: true);

    /// <summary>The SDK caches the clients per SDK client (and disposes them with it), so they must not be disposed after each call.</summary>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
