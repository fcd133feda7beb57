using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using CloudSniper.Aws.Sources;
using CloudSniper.Testing;

namespace CloudSniper.Server.Tests.Consumers;

/// <summary>The server's SQS consumers against the moto AWS emulator.</summary>
public sealed class QueueConsumersTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _quarantine = Path.Combine(Path.GetTempPath(), "sniper-serve-quarantine-" + Guid.NewGuid().ToString("n"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonSQSClient Sqs() =>
        new(new BasicAWSCredentials("testing", "testing"), new AmazonSQSConfig { ServiceURL = moto.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });

    [Fact]
    public async Task Consumers_store_every_message_and_delete_it_only_after_the_commit()
    {
        moto.EnsureRunning();
        using var sqs = Sqs();
        var queue = "serve-findings-" + Guid.NewGuid().ToString("n")[..8];
        var url = (await sqs.CreateQueueAsync(queue, Ct)).QueueUrl;
        for (var i = 1; i <= 5; i++)
        {
            await sqs.SendMessageAsync(url, TestDocuments.GuardDuty($"f-q{i}", "111111111111"), Ct);
        }

        var server = await ServerHarness.StartAsync(
            o => new ServerOptions { Queues = ["sqs://" + queue], Consumers = 2 },
            Ct,
            q => new SqsInputSource(Sqs(), q["sqs://".Length..], new SqsSourceOptions { Follow = true, WaitTimeSeconds = 1, VisibilityTimeoutSeconds = 30, MaxReceives = 3, QuarantineDirectory = _quarantine }));
        await using (server)
        {
            // Waits for the consumers (bounded, not a timing assertion): the test fails if they never store the findings.
            for (var attempt = 0; attempt < 600 && await server.KnowledgeBase.GetFindingAsync("f-q5", Ct) is null; attempt++)
            {
                await Task.Delay(100, Ct);
            }

            for (var i = 1; i <= 5; i++)
            {
                Assert.NotNull(await server.KnowledgeBase.GetFindingAsync($"f-q{i}", Ct));
            }

            using var ready = await server.Client().GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);

            // Graceful stop: receiving ends, committed messages are deleted before the host stops.
            await server.App.StopAsync(Ct);
        }

        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }, Ct);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task Readyz_reports_a_queue_that_cannot_be_reached()
    {
        moto.EnsureRunning();
        var server = await ServerHarness.StartAsync(
            o => new ServerOptions { Queues = ["sqs://no-such-queue-" + Guid.NewGuid().ToString("n")[..8]] },
            Ct,
            q => new SqsInputSource(Sqs(), q["sqs://".Length..], new SqsSourceOptions { Follow = true, WaitTimeSeconds = 1, QuarantineDirectory = _quarantine }));
        await using (server)
        {
            using var client = server.Client();
            var status = System.Net.HttpStatusCode.OK;
            for (var attempt = 0; attempt < 300 && status == System.Net.HttpStatusCode.OK; attempt++)
            {
                await Task.Delay(100, Ct);
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
                status = response.StatusCode;
            }

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, status);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_quarantine))
        {
            Directory.Delete(_quarantine, recursive: true);
        }
    }
}
