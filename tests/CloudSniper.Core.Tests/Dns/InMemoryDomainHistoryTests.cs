using CloudSniper.Core.Dns;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Dns;

/// <summary>The domain-history contract in memory.</summary>
public sealed class InMemoryDomainHistoryTests : DomainHistoryContract
{
    protected override Task<IDomainHistory> OpenAsync() => Task.FromResult<IDomainHistory>(new InMemoryDomainHistory());

    protected override Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(IDomainHistory history, string domain) =>
        Task.FromResult(((InMemoryDomainHistory)history).Get(domain));
}
