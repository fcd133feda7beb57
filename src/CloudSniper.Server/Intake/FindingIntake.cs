using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Api;
using CloudSniper.Server.Metrics;

namespace CloudSniper.Server.Intake;

/// <summary>
/// Stores submitted documents through the same pipeline as <c>sniper ingest --respond</c>: the registered parsers and
/// IOC rules, the knowledge base, then the playbooks in the configured mode on each committed batch. Used by
/// <c>POST /api/v1/findings</c>, the feed webhooks and the SQS consumers.
/// </summary>
public sealed class FindingIntake(ServerServices services, ResponseAccess response, ServerMetrics metrics)
{
    /// <summary>
    /// Ingests one document. <paramref name="allowed"/> (null: any) rejects findings of accounts the caller may not
    /// write; such records are reported like any other rejected record.
    /// </summary>
    public async Task<IntakeResult> SubmitAsync(InputDocument document, string? format, Func<Finding, string?>? allowed, string sourceLabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var accepted = new List<string>();
        var plans = new List<string>();
        var components = allowed is null
            ? services.Ingest
            : services.Ingest with { Read = (stream, name, forced, ct) => Filter(services.Ingest.Read(stream, name, forced, ct), allowed, name) };
        var report = await RunAsync(AsAsync(document), components, format, sourceLabel, accepted, plans, cancellationToken).ConfigureAwait(false);
        return new IntakeResult(accepted, report.Errors, report.Rejected, plans);
    }

    /// <summary>
    /// Runs the pipeline over <paramref name="documents"/> (an SQS source, say) with the response after each commit;
    /// <paramref name="cancellationToken"/> stops committing, so a source should end its enumeration to stop gracefully.
    /// </summary>
    public Task<IngestReport> RunAsync(IAsyncEnumerable<InputDocument> documents, string sourceLabel, CancellationToken cancellationToken) =>
        RunAsync(documents, services.Ingest, null, sourceLabel, [], [], cancellationToken);

    private async Task<IngestReport> RunAsync(IAsyncEnumerable<InputDocument> documents, IngestComponents components, string? format, string sourceLabel, List<string> accepted, List<string> plans, CancellationToken cancellationToken)
    {
        var stored = 0L;
        var options = services.IngestOptions with
        {
            Format = format ?? services.IngestOptions.Format,
            AfterCommitAsync = async (batch, ct) =>
            {
                lock (accepted)
                {
                    accepted.AddRange(batch.Select(b => b.Finding.Id));
                }

                Interlocked.Add(ref stored, batch.Count);
                if (response.Available)
                {
                    var runner = await response.GetAsync(ct).ConfigureAwait(false);
                    var result = await runner.OnBatchCommittedAsync(batch, services.Mode, ct).ConfigureAwait(false);
                    if (result.Plan.Actions.Length > 0)
                    {
                        lock (plans)
                        {
                            plans.Add(result.Plan.Id);
                        }
                    }

                    foreach (var action in result.Plan.Actions)
                    {
                        metrics.ActionPlanned(action.ActionKey, action.Status.ToString().ToLowerInvariant());
                    }
                }
            },
        };
        var report = await new IngestPipeline(services.KnowledgeBase, components, options).RunAsync(documents, null, cancellationToken).ConfigureAwait(false);
        metrics.FindingsIn(sourceLabel, Interlocked.Read(ref stored));
        metrics.FindingsRejected(sourceLabel, report.Rejected);
        return report;
    }

    /// <summary>An in-memory document for the pipeline.</summary>
    public static InputDocument Document(string name, byte[] body) =>
        new(name, _ => Task.FromResult<Stream>(new MemoryStream(body, writable: false)), body.Length) { FlushAfter = true };

    /// <summary>The JSON answer of a submission.</summary>
    public static object View(IntakeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new
        {
            accepted = result.Accepted,
            rejected = result.Rejected.Select(e => new { source = e.Source, line = e.Line, offset = e.Offset, reason = e.Reason }),
            rejectedCount = result.RejectedCount,
            plans = result.Plans,
        };
    }

    private static IEnumerable<ParseResult> Filter(IEnumerable<ParseResult> results, Func<Finding, string?> allowed, string name)
    {
        foreach (var result in results)
        {
            if (result.Finding is { } finding && allowed(finding) is { } reason)
            {
                yield return ParseResult.Fail(new RecordError(name, null, null, $"finding {finding.Id}: {reason}"));
            }
            else
            {
                yield return result;
            }
        }
    }

    private static async IAsyncEnumerable<InputDocument> AsAsync(InputDocument document)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return document;
    }

    /// <summary>The audit details of a submission.</summary>
    public static string AuditDetails(IntakeResult result) =>
        JsonSerializer.Serialize(new { accepted = result.Accepted.Count, rejected = result.RejectedCount, plans = result.Plans }, ApiJson.Options);
}
