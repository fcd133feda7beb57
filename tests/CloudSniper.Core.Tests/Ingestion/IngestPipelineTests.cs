using System.Collections.Concurrent;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Ingestion;

public sealed class IngestPipelineTests
{
    private const int BatchSize = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batches_queued_behind_a_slow_commit_are_committed_together()
    {
        // The first commit waits until the parser has filled the queue (batches committing, two queued, one more
        // parsed and waiting): the next commit then takes every queued batch in one transaction, and no commit
        // takes more than the queue holds.
        var store = new RecordingStore { HoldFirstCommitUntilPrepared = 4 * BatchSize };
        var seenAfterCommit = new List<int>();
        var options = new IngestOptions
        {
            BatchSize = BatchSize,
            AfterCommitAsync = (items, _) =>
            {
                seenAfterCommit.Add(items.Count);
                return Task.CompletedTask;
            },
        };

        var report = await new IngestPipeline(store, Components(), options).RunAsync(Documents(("a", 100)), cancellationToken: Ct);

        Assert.Equal(100, report.Committed.Inserted);
        Assert.Equal(100, store.Commits.Sum());
        var commits = string.Join(", ", store.Commits);
        Assert.True(store.Commits.Count(c => c >= 2 * BatchSize) >= 1, $"commits: {commits}");
        Assert.All(store.Commits, c => Assert.InRange(c, 1, 3 * BatchSize));
        Assert.True(store.Commits.Count < 100 / BatchSize, $"commits: {commits}");
        Assert.Equal(store.Commits, seenAfterCommit);
        Assert.Equal(100, store.Prepared);
    }

    [Fact]
    public async Task A_document_is_acknowledged_only_after_the_commit_that_holds_its_last_finding()
    {
        var store = new RecordingStore { HoldFirstCommitUntilPrepared = 4 * BatchSize };
        var acknowledged = new ConcurrentQueue<(string Name, int CommittedBefore)>();
        var report = await new IngestPipeline(store, Components(), new IngestOptions { BatchSize = BatchSize })
            .RunAsync(Documents([("a", 15), ("b", 30), ("c", 7)], document => document with
            {
                OnCompletedAsync = (outcome, _) =>
                {
                    acknowledged.Enqueue((outcome.Name, store.Commits.Sum()));
                    return Task.CompletedTask;
                },
            }), cancellationToken: Ct);

        Assert.Equal(52, report.Committed.Inserted);
        Assert.Equal(["a", "b", "c"], acknowledged.Select(a => a.Name));
        var byName = acknowledged.ToDictionary(a => a.Name, a => a.CommittedBefore);
        Assert.True(byName["a"] >= 15, $"a acknowledged after {byName["a"]} committed");
        Assert.True(byName["b"] >= 45, $"b acknowledged after {byName["b"]} committed");
        Assert.Equal(52, byName["c"]);
    }

    private static IngestComponents Components() => new(
        (stream, name, _, _) => Read(stream, name),
        finding => [new IocObservation("198.51.100.7", IocType.Ipv4, IocRole.Attacker, 80)]);

    // Each document's stream holds one byte: how many findings it yields.
    private static IEnumerable<ParseResult> Read(Stream stream, string name)
    {
        var count = stream.ReadByte();
        for (var i = 0; i < count; i++)
        {
            yield return ParseResult.Ok(TestFindings.GuardDuty($"{name}-{i:D3}", TestFindings.T0, []).Finding);
        }
    }

    private static IAsyncEnumerable<InputDocument> Documents(params (string Name, int Findings)[] documents) =>
        Documents(documents, document => document);

    private static async IAsyncEnumerable<InputDocument> Documents((string Name, int Findings)[] documents, Func<InputDocument, InputDocument> decorate)
    {
        foreach (var (name, findings) in documents)
        {
            await Task.Yield();
            yield return decorate(new InputDocument(name, _ => Task.FromResult<Stream>(new MemoryStream([(byte)findings]))));
        }
    }

    /// <summary>Records each commit's size and which findings were prepared; reads are not part of these tests.</summary>
    private sealed class RecordingStore : IKnowledgeBase
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _prepared;

        public int HoldFirstCommitUntilPrepared { get; init; }

        public List<int> Commits { get; } = [];

        public int Prepared => Volatile.Read(ref _prepared);

        public void Prepare(FindingWithIocs item)
        {
            if (Interlocked.Increment(ref _prepared) >= HoldFirstCommitUntilPrepared)
            {
                _released.TrySetResult();
            }
        }

        public async Task<CommitResult> CommitAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken = default)
        {
            if (Commits.Count == 0 && HoldFirstCommitUntilPrepared > 0)
            {
                await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

                // Let the parser hand its last full batch to the queue, or block on it.
                await Task.Delay(50, cancellationToken);
            }

            Assert.All(batch, item => Assert.True(item.Finding.Id.Length > 0));
            lock (Commits)
            {
                Commits.Add(batch.Count);
            }

            return new CommitResult(batch.Count, 0, 0, batch.Count);
        }

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<Finding?> GetFindingAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Finding> ListFindingsAsync(FindingQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Ioc?> GetIocAsync(string value, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Ioc> ListIocsAsync(IocQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Ioc> AddIocAsync(IocObservation observation, string source, DateTimeOffset at, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<bool> RemoveIocAsync(string value, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Sighting> ListSightingsAsync(string iocValue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Incident> ListIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<AuditEntry> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
