using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using CloudSniper.Aws.Sources;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.Sources;

public sealed class SqsInputSourceTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-sqs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ingest_GivenGoodMessages_StoresEveryFindingAndDeletesEveryMessage()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var sqs = AwsTestClients.Sqs(moto.ServiceUrl);
        var url = (await sqs.CreateQueueAsync("good-findings", ct)).QueueUrl;
        var body = await File.ReadAllTextAsync(SamplePath(), ct);
        for (var i = 0; i < 12; i++)
        {
            await sqs.SendMessageAsync(url, body.Replace("3f8777def2cbca655f22eff80153aaed", $"finding{i:D4}", StringComparison.Ordinal), ct);
        }

        await using var store = await OpenStoreAsync(ct);
        await using var source = new SqsInputSource(sqs, "good-findings", Options());
        var report = await Pipeline(store).RunAsync(source.EnumerateAsync(ct), cancellationToken: ct);

        Assert.Equal(12, report.Committed.Inserted);
        Assert.Equal(0, report.Rejected);
        Assert.Equal(12, source.Deleted);
        Assert.Equal(0, await CountAsync(sqs, url, ct));
        Assert.NotNull(await store.GetFindingAsync("finding0007", ct));
    }

    [Fact]
    public async Task Ingest_GivenBadMessageAndNoDeadLetterQueue_QuarantinesItWithTheReasonAndKeepsTheGoodOnes()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var sqs = AwsTestClients.Sqs(moto.ServiceUrl);
        var url = (await sqs.CreateQueueAsync("bad-no-dlq", ct)).QueueUrl;
        await sqs.SendMessageAsync(url, await File.ReadAllTextAsync(SamplePath(), ct), ct);
        var bad = await sqs.SendMessageAsync(url, "{\"detail-type\":\"GuardDuty Finding\",\"detail\":{\"id\":", ct);

        await using var store = await OpenStoreAsync(ct);
        await using var source = new SqsInputSource(sqs, url, Options() with { MaxReceives = 1 });
        var report = await Pipeline(store).RunAsync(source.EnumerateAsync(ct), cancellationToken: ct);

        Assert.Equal(1, report.Committed.Inserted);
        Assert.Equal(1, report.Rejected);
        Assert.Equal(1, source.Quarantined);
        var quarantined = Path.Combine(_dir, "quarantine", "bad-no-dlq", bad.MessageId + ".json");
        using var record = JsonDocument.Parse(await File.ReadAllTextAsync(quarantined, ct));
        Assert.Contains("bad-no-dlq", record.RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("{\"detail-type\"", record.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(sqs, url, ct));
    }

    [Fact]
    public async Task Ingest_GivenBadMessageAndDeadLetterQueue_MovesItThereWithTheReason()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var sqs = AwsTestClients.Sqs(moto.ServiceUrl);
        var dlqUrl = (await sqs.CreateQueueAsync("findings-dlq", ct)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], ct)).QueueARN;
        var url = (await sqs.CreateQueueAsync(
            new CreateQueueRequest
            {
                QueueName = "findings-with-dlq",
                Attributes = new Dictionary<string, string> { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"10\"}}" },
            },
            ct)).QueueUrl;
        await sqs.SendMessageAsync(url, "not json at all", ct);

        await using var store = await OpenStoreAsync(ct);
        await using var source = new SqsInputSource(sqs, "findings-with-dlq", Options() with { MaxReceives = 1 });
        await Pipeline(store).RunAsync(source.EnumerateAsync(ct), cancellationToken: ct);

        Assert.Equal(0, await CountAsync(sqs, url, ct));
        var moved = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MessageAttributeNames = ["All"] }, ct);
        var message = Assert.Single(moved.Messages);
        Assert.Equal("not json at all", message.Body);
        Assert.False(string.IsNullOrEmpty(message.MessageAttributes["CloudSniperError"].StringValue));
    }

    [Fact]
    public async Task Ingest_GivenBadMessageBelowTheReceiveLimit_LeavesItOnTheQueueForAnotherTry()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var sqs = AwsTestClients.Sqs(moto.ServiceUrl);
        var url = (await sqs.CreateQueueAsync("retry-later", ct)).QueueUrl;
        await sqs.SendMessageAsync(url, "[truncated", ct);

        await using var store = await OpenStoreAsync(ct);
        await using var source = new SqsInputSource(sqs, "retry-later", Options() with { MaxReceives = 3 });
        await Pipeline(store).RunAsync(source.EnumerateAsync(ct), cancellationToken: ct);

        Assert.Equal(0, source.Deleted);
        Assert.Equal(0, source.Quarantined);
        Assert.Equal(1, await CountAsync(sqs, url, ct));
    }

    [Fact]
    public async Task Ingest_GivenStoreFailure_DeletesNothing()
    {
        moto.EnsureRunning();
        var ct = TestContext.Current.CancellationToken;
        using var sqs = AwsTestClients.Sqs(moto.ServiceUrl);
        var url = (await sqs.CreateQueueAsync("store-down", ct)).QueueUrl;
        await sqs.SendMessageAsync(url, await File.ReadAllTextAsync(SamplePath(), ct), ct);

        await using var store = await OpenStoreAsync(ct);
        await using var source = new SqsInputSource(sqs, "store-down", Options());
        var pipeline = new IngestPipeline(new FailingStore(store), new IngestComponents(DocumentReader.Read, IocExtractor.Extract), new IngestOptions());

        await Assert.ThrowsAsync<IOException>(() => pipeline.RunAsync(source.EnumerateAsync(ct), cancellationToken: ct));
        Assert.Equal(0, source.Deleted);
        Assert.Equal(1, await CountAsync(sqs, url, ct));
    }

    [Fact]
    public void Unwrap_GivenSnsNotification_ReturnsTheInnerMessage()
    {
        var body = JsonSerializer.Serialize(new { Type = "Notification", MessageId = "m", Message = "{\"detail-type\":\"GuardDuty Finding\"}" });

        Assert.Equal("{\"detail-type\":\"GuardDuty Finding\"}", SqsInputSource.Unwrap(body));
        Assert.Equal("{\"a\":1}", SqsInputSource.Unwrap("{\"a\":1}"));
    }

    private SqsSourceOptions Options() => new() { WaitTimeSeconds = 0, VisibilityTimeoutSeconds = 30, QuarantineDirectory = Path.Combine(_dir, "quarantine") };

    private async Task<SqliteKnowledgeBase> OpenStoreAsync(CancellationToken ct)
    {
        var store = new SqliteKnowledgeBase(Path.Combine(_dir, "kb.db"));
        await store.InitializeAsync(ct);
        return store;
    }

    private static IngestPipeline Pipeline(IKnowledgeBase store) =>
        new(store, new IngestComponents(DocumentReader.Read, IocExtractor.Extract), new IngestOptions());

    private static string SamplePath() =>
        Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "findings", "guardduty-eventbridge-ssh-bruteforce.json");

    private static async Task<int> CountAsync(IAmazonSQS sqs, string url, CancellationToken ct)
    {
        var attributes = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], ct);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>A knowledge base whose commits fail, as a store that is down would.</summary>
    private sealed class FailingStore(IKnowledgeBase inner) : IKnowledgeBase
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<CommitResult> CommitAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken = default) =>
            throw new IOException("database is unavailable");

        public Task<Finding?> GetFindingAsync(string id, CancellationToken cancellationToken = default) => inner.GetFindingAsync(id, cancellationToken);

        public IAsyncEnumerable<Finding> ListFindingsAsync(FindingQuery query, CancellationToken cancellationToken = default) => inner.ListFindingsAsync(query, cancellationToken);

        public Task<Ioc?> GetIocAsync(string value, CancellationToken cancellationToken = default) => inner.GetIocAsync(value, cancellationToken);

        public IAsyncEnumerable<Ioc> ListIocsAsync(IocQuery query, CancellationToken cancellationToken = default) => inner.ListIocsAsync(query, cancellationToken);

        public Task<Ioc> AddIocAsync(IocObservation observation, string source, DateTimeOffset at, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken = default) =>
            inner.AddIocAsync(observation, source, at, expiresAt, description, cancellationToken);

        public Task<bool> RemoveIocAsync(string value, CancellationToken cancellationToken = default) => inner.RemoveIocAsync(value, cancellationToken);

        public IAsyncEnumerable<Sighting> ListSightingsAsync(string iocValue, CancellationToken cancellationToken = default) => inner.ListSightingsAsync(iocValue, cancellationToken);

        public IAsyncEnumerable<Incident> ListIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken = default) => inner.ListIncidentsAsync(query, cancellationToken);

        public Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken = default) => inner.GetIncidentAsync(id, cancellationToken);

        public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) => inner.AppendAuditAsync(entry, cancellationToken);

        public IAsyncEnumerable<AuditEntry> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ListAuditAsync(query, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
