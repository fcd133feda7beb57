using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Aws.Sources;

/// <summary>
/// Reads findings from an SQS queue: long polls in batches of 10, keeps received messages invisible while they are
/// being worked on, deletes a message only after everything it carried is committed, and moves a message that has
/// failed <see cref="SqsSourceOptions.MaxReceives"/> times to the queue's dead-letter queue (or, without one, to a
/// quarantine folder) together with the reason. SNS notification envelopes are unwrapped.
/// </summary>
public sealed class SqsInputSource(IAmazonSQS sqs, string queue, SqsSourceOptions options, Action<string>? log = null, Action<string>? status = null) : IInputSource, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _keepAlive;
    private string? _queueUrl;
    private string? _deadLetterUrl;

    /// <summary>Messages deleted after their findings were committed.</summary>
    public int Deleted { get; private set; }

    /// <summary>Messages moved to the dead-letter queue or quarantine folder.</summary>
    public int Quarantined { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerable<InputDocument> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await ResolveAsync(cancellationToken).ConfigureAwait(false);
        _keepAlive ??= Task.Run(() => KeepInvisibleAsync(_stop.Token), CancellationToken.None);

        // A receive can wait up to WaitTimeSeconds for a message: say so, or an empty queue looks like a hang.
        status?.Invoke(options.Follow
            ? $"sqs://{QueueName}: waiting for messages (long polls of {options.WaitTimeSeconds} s; Ctrl-C stops)"
            : $"sqs://{QueueName}: receiving until the queue is empty (long polls of {options.WaitTimeSeconds} s; --follow keeps waiting)");
        var received = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = _queueUrl,
                    MaxNumberOfMessages = 10,
                    WaitTimeSeconds = options.WaitTimeSeconds,
                    VisibilityTimeout = options.VisibilityTimeoutSeconds,
                    MessageSystemAttributeNames = ["ApproximateReceiveCount"],
                },
                cancellationToken).ConfigureAwait(false);
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                if (!options.Follow)
                {
                    status?.Invoke($"sqs://{QueueName}: empty after {received} message(s)");
                    yield break;
                }

                continue;
            }

            received += messages.Count;

            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                _inFlight[message.MessageId] = message.ReceiptHandle;
                var body = Unwrap(message.Body ?? "");
                yield return new InputDocument($"sqs://{QueueName}/{message.MessageId}", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(body))), body.Length)
                {
                    OnCompletedAsync = (outcome, ct) => CompleteAsync(message, body, outcome, ct),

                    // Commit after each receive so that messages are deleted promptly, whatever the batch size.
                    FlushAfter = i == messages.Count - 1,
                };
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_keepAlive is not null)
        {
            await _keepAlive.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private string QueueName => queue.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? queue[(queue.LastIndexOf('/') + 1)..] : queue;

    private async Task ResolveAsync(CancellationToken cancellationToken)
    {
        if (_queueUrl is not null)
        {
            return;
        }

        _queueUrl = queue.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? queue
            : (await sqs.GetQueueUrlAsync(queue, cancellationToken).ConfigureAwait(false)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = _queueUrl, AttributeNames = ["RedrivePolicy"] },
            cancellationToken).ConfigureAwait(false);
        if (attributes.Attributes?.TryGetValue("RedrivePolicy", out var policy) == true)
        {
            using var doc = JsonDocument.Parse(policy);
            if (doc.RootElement.TryGetProperty("deadLetterTargetArn", out var arn) && arn.GetString() is { } dlqArn)
            {
                // arn:aws:sqs:REGION:ACCOUNT:NAME
                var parts = dlqArn.Split(':');
                var dlq = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = parts[^1], QueueOwnerAWSAccountId = parts[^2] }, cancellationToken).ConfigureAwait(false);
                _deadLetterUrl = dlq.QueueUrl;
            }
        }
    }

    private async Task CompleteAsync(Message message, string body, DocumentOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            if (outcome.Succeeded)
            {
                await sqs.DeleteMessageAsync(_queueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                Deleted++;
                return;
            }

            var receives = message.Attributes?.TryGetValue("ApproximateReceiveCount", out var count) == true
                ? int.Parse(count, CultureInfo.InvariantCulture)
                : 1;
            var reason = string.Join("; ", outcome.Errors.Select(e => e.ToString()));
            if (receives < options.MaxReceives)
            {
                // Back off before the next attempt; the message comes back by itself when this expires.
                log?.Invoke($"sqs: message {message.MessageId} failed (receive {receives} of {options.MaxReceives}): {reason}");
                await sqs.ChangeMessageVisibilityAsync(_queueUrl, message.ReceiptHandle, Math.Min(30 * receives, 900), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_deadLetterUrl is not null)
            {
                await sqs.SendMessageAsync(
                    new SendMessageRequest
                    {
                        QueueUrl = _deadLetterUrl,
                        MessageBody = message.Body,
                        MessageAttributes = new Dictionary<string, MessageAttributeValue>
                        {
                            ["CloudSniperError"] = new() { DataType = "String", StringValue = Truncate(reason, 4000) },
                            ["CloudSniperSourceQueue"] = new() { DataType = "String", StringValue = QueueName },
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
                log?.Invoke($"sqs: message {message.MessageId} moved to the dead-letter queue after {receives} receives: {reason}");
            }
            else
            {
                var path = await QuarantineAsync(message, body, receives, outcome, cancellationToken).ConfigureAwait(false);
                log?.Invoke($"sqs: message {message.MessageId} quarantined to {path} after {receives} receives: {reason}");
            }

            await sqs.DeleteMessageAsync(_queueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
            Quarantined++;
        }
        finally
        {
            _inFlight.TryRemove(message.MessageId, out _);
        }
    }

    private async Task<string> QuarantineAsync(Message message, string body, int receives, DocumentOutcome outcome, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.QuarantineDirectory, QueueName);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, message.MessageId + ".json");
        var record = new
        {
            queue = QueueName,
            messageId = message.MessageId,
            receives,
            errors = outcome.Errors.Select(e => e.ToString()).ToArray(),
            body,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(record, QuarantineJson), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static readonly JsonSerializerOptions QuarantineJson = new() { WriteIndented = true };

    private async Task KeepInvisibleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.VisibilityTimeoutSeconds / 2)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var chunk in _inFlight.ToArray().Chunk(10))
                {
                    try
                    {
                        await sqs.ChangeMessageVisibilityBatchAsync(
                            _queueUrl,
                            chunk.Select(m => new ChangeMessageVisibilityBatchRequestEntry(m.Key, m.Value) { VisibilityTimeout = options.VisibilityTimeoutSeconds }).ToList(),
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch (AmazonSQSException ex)
                    {
                        // A lost extension means a possible redelivery, which re-ingestion tolerates; never a lost message.
                        log?.Invoke($"sqs: could not extend visibility: {ex.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The SNS message inside an SNS-to-SQS notification, or the body itself.</summary>
    internal static string Unwrap(string body)
    {
        if (!body.Contains("\"Notification\"", StringComparison.Ordinal))
        {
            return body;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("Type", out var type) && type.ValueEquals("Notification")
                && root.TryGetProperty("Message", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return inner.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser reports it with its position.
        }

        return body;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
