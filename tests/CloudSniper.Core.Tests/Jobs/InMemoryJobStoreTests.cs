using CloudSniper.Core.Jobs;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>The job-store contract in memory (one store object stands for every instance).</summary>
public sealed class InMemoryJobStoreTests : JobStoreContract
{
    private InMemoryJobStore? _store;

    protected override IJobStore Open(TimeProvider time) => _store ??= new InMemoryJobStore(time);
}
