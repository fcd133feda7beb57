using CloudSniper.Core.Response.Store;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Response;

/// <summary>The response-store contract in memory.</summary>
public sealed class InMemoryResponseStoreTests : ResponseStoreContract
{
    protected override Task<IResponseStore> OpenAsync() => Task.FromResult<IResponseStore>(new InMemoryResponseStore());
}
