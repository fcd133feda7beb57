using System.Collections.Concurrent;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Sigma;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// The runbook in one call: reads CloudTrail (in parallel, one reader and review per worker, merged at the end),
/// runs the Sigma rules on every record, reviews GuardDuty and Inspector findings, correlates them on AMIs,
/// evaluates the enablement checks over the snapshot, and compares with the previous report.
/// </summary>
public sealed class RunbookRunner(TimeProvider time, IGuardDutyFindingReader? guardDutyReader = null)
{
    private readonly IGuardDutyFindingReader _guardDutyReader = guardDutyReader ?? new DocumentGuardDutyReader();

    /// <summary>Runs the runbook; <paramref name="progress"/> receives one line per input document.</summary>
    public async Task<RunbookReport> RunAsync(RunbookInputs inputs, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var fields = StandardFields.Create();
        var rules = inputs.RulesDirectory is null ? SigmaRuleSet.Empty : SigmaRuleLoader.LoadDirectory(Path.Combine(inputs.BaseDirectory, inputs.RulesDirectory), fields);
        var (trail, detections, cloudTrailInput) = await ReviewCloudTrailAsync(inputs, fields, rules, progress, cancellationToken).ConfigureAwait(false);
        var (guardDutyFindings, guardDutyInput) = await ReadGuardDutyAsync(inputs, progress, cancellationToken).ConfigureAwait(false);
        var guardDuty = GuardDutyReview.Build(guardDutyFindings, inputs.IncludeSamples);
        var (inspectorFindings, inspectorInput) = await ReadInspectorAsync(inputs, progress, cancellationToken).ConfigureAwait(false);
        var inspector = InspectorReview.Build(inspectorFindings);
        var correlation = AmiCorrelation.Build(inspector, guardDuty);
        var now = time.GetUtcNow();
        var checks = inputs.Snapshot is null ? [] : PostureChecks.Evaluate(inputs.Snapshot, new CheckContext(now), inputs.Mutes);

        var report = new RunbookReport
        {
            GeneratedAt = now,
            Mode = inputs.Mode,
            Checks = checks,
            CloudTrail = trail,
            Detections = detections,
            Rules = new RulesSummary(rules.Rules.Count, rules.Skipped.Select(s => new SkippedRule(s.Path, s.Title, s.Reason)).ToList()),
            GuardDuty = guardDuty,
            Inspector = inspector,
            Correlation = correlation,
            Inputs = [cloudTrailInput, guardDutyInput, inspectorInput],
        };
        report = report with { Summary = RunbookSummaryBuilder.Build(report) };
        return inputs.Previous is null ? report : report with { Changes = ReportComparer.Compare(inputs.Previous, report) };
    }

    /// <summary>The documents of file arguments and sources; arguments and sources that yield nothing are errors.</summary>
    private static async Task<List<InputDocument>> DocumentsAsync(IReadOnlyList<string> paths, IReadOnlyList<IInputSource> sources, string baseDirectory, List<string> errors, CancellationToken ct)
    {
        var (files, pathErrors) = InputPaths.Expand(paths, baseDirectory);
        errors.AddRange(pathErrors);
        var documents = files
            .Select(f => new InputDocument(f, _ => Task.FromResult<Stream>(new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)), new FileInfo(f).Length))
            .ToList();
        foreach (var source in sources)
        {
            try
            {
                await foreach (var document in source.EnumerateAsync(ct).ConfigureAwait(false))
                {
                    documents.Add(document);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A source that cannot be listed (a missing bucket, a denied prefix) is reported; the other inputs still run.
                errors.Add($"{source}: cannot list: {ex.Message}");
            }
        }

        return documents;
    }

    private static async Task<(CloudTrailSection Section, IReadOnlyList<Detection> Detections, InputSummary Input)> ReviewCloudTrailAsync(
        RunbookInputs inputs, CloudTrailFieldSet fields, SigmaRuleSet rules, IProgress<string>? progress, CancellationToken ct)
    {
        var listErrors = new List<string>();
        var documents = await DocumentsAsync(inputs.CloudTrail, inputs.CloudTrailSources, inputs.BaseDirectory, listErrors, ct).ConfigureAwait(false);
        var errors = new ConcurrentQueue<string>(listErrors);
        long errorCount = listErrors.Count;
        var queue = new ConcurrentQueue<InputDocument>(documents.OrderByDescending(d => d.Length ?? 0));
        var workerCount = Math.Clamp(inputs.Parallelism, 1, Math.Max(1, documents.Count));
        void Report(string message)
        {
            if (Interlocked.Increment(ref errorCount) <= inputs.MaxErrorsListed)
            {
                errors.Enqueue(message);
            }
        }

        var workers = Enumerable.Range(0, workerCount).Select(_ => Task.Run(
            async () =>
            {
                var worker = new Worker(new CloudTrailReader(fields), new CloudTrailReview(inputs.Review));
                while (queue.TryDequeue(out var document))
                {
                    ct.ThrowIfCancellationRequested();
                    Stream stream;
                    try
                    {
                        stream = await document.OpenAsync(ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        worker.Rejected++;
                        Report($"{document.Name}: cannot open: {ex.Message}");
                        continue;
                    }

                    CloudTrailReadStats stats;
                    using (stream)
                    {
                        stats = worker.Reader.Read(stream, document.Name, record => worker.Add(record, rules, inputs.Review.MaxListItems), error => Report(error.ToString()), ct);
                    }

                    worker.Rejected += stats.Rejected;
                    worker.Bytes += stats.Bytes;
                    progress?.Report($"cloudtrail {document.Name}: {stats.Records} records, {stats.Rejected} rejected");
                }

                return worker;
            },
            ct)).ToList();
        var done = await Task.WhenAll(workers).ConfigureAwait(false);

        var total = new CloudTrailReview(inputs.Review);
        var detections = new List<Detection>();
        long rejected = listErrors.Count, bytes = 0, detectionsNotListed = 0;
        foreach (var worker in done)
        {
            total.Merge(worker.Review);
            detections.AddRange(worker.Detections);
            rejected += worker.Rejected;
            bytes += worker.Bytes;
            detectionsNotListed += worker.DetectionsNotListed;
        }

        detectionsNotListed += Math.Max(0, detections.Count - inputs.Review.MaxListItems);
        var section = total.Build();
        if (detectionsNotListed > 0)
        {
            section = section with { NotListed = new Dictionary<string, long>(section.NotListed) { ["detections"] = detectionsNotListed } };
        }

        var sorted = detections
            .OrderBy(d => d.EventTime).ThenBy(d => d.RuleId, StringComparer.Ordinal).ThenBy(d => d.EventId, StringComparer.Ordinal).ThenBy(d => d.Source, StringComparer.Ordinal)
            .Take(inputs.Review.MaxListItems)
            .ToList();
        var input = new InputSummary("cloudtrail", documents.Count, total.Records, rejected, bytes, [.. inputs.CloudTrail, .. inputs.CloudTrailSources.Select(s => s.ToString() ?? "")], [.. errors.Take(inputs.MaxErrorsListed)]);
        return (section, sorted, input);
    }

    private async Task<(IEnumerable<Finding> Findings, InputSummary Input)> ReadGuardDutyAsync(RunbookInputs inputs, IProgress<string>? progress, CancellationToken ct)
    {
        // Re-emitted findings (same id, later updatedAt) replace the earlier emission as they are read, so memory
        // holds one finding per id (see GuardDutyReview.Latest).
        var findings = new LatestById<Finding>();
        foreach (var f in inputs.GuardDutyFindings)
        {
            findings.Add(f.Id, f.UpdatedAt, f);
        }

        var errors = new List<string>();
        var documents = await DocumentsAsync(inputs.GuardDuty, inputs.GuardDutySources, inputs.BaseDirectory, errors, ct).ConfigureAwait(false);
        long rejected = errors.Count, bytes = 0, read = 0;
        foreach (var document in documents)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var stream = await document.OpenAsync(ct).ConfigureAwait(false);
                using var counted = new CountingStream(stream);
                foreach (var result in _guardDutyReader.Read(counted, document.Name, ct))
                {
                    if (result.Finding is { } f)
                    {
                        findings.Add(f.Id, f.UpdatedAt, f);
                        read++;
                    }
                    else if (result.Error is { } e)
                    {
                        rejected++;
                        if (errors.Count < inputs.MaxErrorsListed)
                        {
                            errors.Add(e.ToString());
                        }
                    }
                }

                bytes += counted.BytesRead;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                rejected++;
                errors.Add($"{document.Name}: {ex.Message}");
            }

            progress?.Report($"guardduty {document.Name}");
        }

        return (findings.Items, new InputSummary("guardduty", documents.Count, read + inputs.GuardDutyFindings.Count, rejected, bytes, [.. inputs.GuardDuty, .. inputs.GuardDutySources.Select(s => s.ToString() ?? "")], errors));
    }

    private static async Task<(IEnumerable<InspectorFinding> Findings, InputSummary Input)> ReadInspectorAsync(RunbookInputs inputs, IProgress<string>? progress, CancellationToken ct)
    {
        var errors = new List<string>();
        var documents = await DocumentsAsync(inputs.Inspector, inputs.InspectorSources, inputs.BaseDirectory, errors, ct).ConfigureAwait(false);
        // One finding per findingArn as they are read (see InspectorReview.Latest), so memory holds distinct findings only.
        var findings = new LatestById<InspectorFinding>();
        long rejected = errors.Count, bytes = 0, read = 0;
        foreach (var document in documents)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var stream = await document.OpenAsync(ct).ConfigureAwait(false);
                var (found, fileErrors, size) = InspectorFindingReader.ReadStream(stream, document.Name, inputs.MaxDecompressedBytes);
                foreach (var f in found)
                {
                    findings.Add(f.Id, f.UpdatedAt, f);
                }

                read += found.Count;
                bytes += size;
                rejected += fileErrors.Count;
                errors.AddRange(fileErrors.Take(Math.Max(0, inputs.MaxErrorsListed - errors.Count)).Select(e => e.ToString()));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                rejected++;
                errors.Add($"{document.Name}: {ex.Message}");
            }

            progress?.Report($"inspector {document.Name}");
        }

        return (findings.Items, new InputSummary("inspector", documents.Count, read, rejected, bytes, [.. inputs.Inspector, .. inputs.InspectorSources.Select(s => s.ToString() ?? "")], errors));
    }

    /// <summary>One CloudTrail worker: its reader, review and detections.</summary>
    private sealed class Worker(CloudTrailReader reader, CloudTrailReview review)
    {
        public CloudTrailReader Reader { get; } = reader;

        public CloudTrailReview Review { get; } = review;

        public List<Detection> Detections { get; } = [];

        public long DetectionsNotListed { get; set; }

        public long Rejected { get; set; }

        public long Bytes { get; set; }

        public void Add(CloudTrailRecord record, SigmaRuleSet rules, int maxDetections)
        {
            Review.Add(record);
            if (rules.Rules.Count == 0)
            {
                return;
            }

            rules.Match(record, rule =>
            {
                if (Detections.Count < maxDetections)
                {
                    Detections.Add(new Detection(
                        rule.Id,
                        rule.Title,
                        rule.Level,
                        record.Text(StandardFields.EventId),
                        record.Text(StandardFields.EventName) ?? "",
                        record.Time,
                        CloudTrailReview.PrincipalOf(record),
                        record.Text(StandardFields.SourceIp),
                        record.Line is { } l ? $"{record.Source}:{l}" : $"{record.Source}@{record.Offset}"));
                }
                else
                {
                    DetectionsNotListed++;
                }
            });
        }
    }
}
