using System.Collections.Concurrent;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Sigma;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// The runbook in one call: reads CloudTrail (in parallel, one reader per worker), runs the Sigma rules on every
/// record, reviews GuardDuty and Inspector findings, correlates them on AMIs, evaluates the enablement checks over
/// the snapshot, and compares with the previous report.
/// </summary>
public sealed class RunbookRunner(TimeProvider time, IGuardDutyFindingReader? guardDutyReader = null)
{
    /// <summary>Runs the runbook; <paramref name="progress"/> receives one line per input file.</summary>
    public Task<RunbookReport> RunAsync(RunbookInputs inputs, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Task.Run(() => Run(inputs, progress, cancellationToken), cancellationToken);
    }

    private RunbookReport Run(RunbookInputs inputs, IProgress<string>? progress, CancellationToken ct)
    {
        var fields = StandardFields.Create();
        var rules = inputs.RulesDirectory is null ? SigmaRuleSet.Empty : SigmaRuleLoader.LoadDirectory(Path.Combine(inputs.BaseDirectory, inputs.RulesDirectory), fields);
        var (trail, detections, cloudTrailInput) = ReviewCloudTrail(inputs, fields, rules, progress, ct);

        var (guardDutyFindings, guardDutyInput) = ReadGuardDuty(inputs, progress, ct);
        var guardDuty = GuardDutyReview.Build(guardDutyFindings);
        var (inspectorFindings, inspectorInput) = ReadInspector(inputs, progress, ct);
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

    private static (CloudTrailSection Section, IReadOnlyList<Detection> Detections, InputSummary Input) ReviewCloudTrail(
        RunbookInputs inputs, CloudTrailFieldSet fields, SigmaRuleSet rules, IProgress<string>? progress, CancellationToken ct)
    {
        var (files, pathErrors) = InputPaths.Expand(inputs.CloudTrail, inputs.BaseDirectory);
        var total = new CloudTrailReview(inputs.Review);
        var detections = new List<Detection>();
        var errors = new ConcurrentQueue<string>(pathErrors);
        long rejected = pathErrors.Count, bytes = 0, errorCount = pathErrors.Count, detectionsNotListed = 0;
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, inputs.Parallelism), CancellationToken = ct };
        var ordered = files.OrderByDescending(f => new FileInfo(f).Length).ToList();
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(ordered, loadBalance: true),
            options,
            () => new Worker(new CloudTrailReader(fields), new CloudTrailReview(inputs.Review)),
            (file, _, worker) =>
            {
                var stats = worker.Reader.ReadFile(
                    file,
                    record =>
                    {
                        worker.Review.Add(record);
                        if (rules.Rules.Count > 0)
                        {
                            rules.Match(record, rule =>
                            {
                                if (worker.Detections.Count < inputs.Review.MaxListItems)
                                {
                                    worker.Detections.Add(new Detection(rule.Id, rule.Title, rule.Level, record.Text(StandardFields.EventId), record.Text(StandardFields.EventName) ?? "", record.Time, CloudTrailReview.PrincipalOf(record), record.Text(StandardFields.SourceIp), record.Line is { } l ? $"{record.Source}:{l}" : $"{record.Source}@{record.Offset}"));
                                }
                                else
                                {
                                    worker.DetectionsNotListed++;
                                }
                            });
                        }
                    },
                    error =>
                    {
                        if (Interlocked.Increment(ref errorCount) <= inputs.MaxErrorsListed)
                        {
                            errors.Enqueue(error.ToString());
                        }
                    },
                    ct);
                worker.Rejected += stats.Rejected;
                worker.Bytes += stats.Bytes;
                progress?.Report($"cloudtrail {file}: {stats.Records} records, {stats.Rejected} rejected");
                return worker;
            },
            worker =>
            {
                lock (gate)
                {
                    total.Merge(worker.Review);
                    detections.AddRange(worker.Detections);
                    rejected += worker.Rejected;
                    bytes += worker.Bytes;
                    detectionsNotListed += worker.DetectionsNotListed;
                }
            });

        var section = total.Build();
        if (detectionsNotListed > 0)
        {
            var notListed = new Dictionary<string, long>(section.NotListed) { ["detections"] = detectionsNotListed };
            section = section with { NotListed = notListed };
        }

        var sorted = detections
            .OrderBy(d => d.EventTime).ThenBy(d => d.RuleId, StringComparer.Ordinal).ThenBy(d => d.EventId, StringComparer.Ordinal).ThenBy(d => d.Source, StringComparer.Ordinal)
            .ToList();
        var input = new InputSummary("cloudtrail", files.Count, total.Records, rejected, bytes, inputs.CloudTrail, [.. errors.Take(inputs.MaxErrorsListed)]);
        return (section, sorted, input);
    }

    private (List<Finding> Findings, InputSummary Input) ReadGuardDuty(RunbookInputs inputs, IProgress<string>? progress, CancellationToken ct)
    {
        var findings = new List<Finding>(inputs.GuardDutyFindings);
        var (files, pathErrors) = InputPaths.Expand(inputs.GuardDuty, inputs.BaseDirectory);
        var errors = new List<string>(pathErrors);
        long rejected = pathErrors.Count, bytes = 0, read = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            bytes += new FileInfo(file).Length;
            if (guardDutyReader is null)
            {
                rejected++;
                errors.Add($"{file}: no GuardDuty parser is available in this build");
                continue;
            }

            foreach (var result in guardDutyReader.Read(file, ct))
            {
                if (result.Finding is { } f)
                {
                    findings.Add(f);
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

            progress?.Report($"guardduty {file}");
        }

        return (findings, new InputSummary("guardduty", files.Count, read + inputs.GuardDutyFindings.Count, rejected, bytes, inputs.GuardDuty, errors));
    }

    private static (List<InspectorFinding> Findings, InputSummary Input) ReadInspector(RunbookInputs inputs, IProgress<string>? progress, CancellationToken ct)
    {
        var (files, pathErrors) = InputPaths.Expand(inputs.Inspector, inputs.BaseDirectory);
        var findings = new List<InspectorFinding>();
        var errors = new List<string>(pathErrors);
        long rejected = pathErrors.Count, bytes = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var (found, fileErrors, size) = InspectorFindingReader.ReadFile(file);
                findings.AddRange(found);
                bytes += size;
                rejected += fileErrors.Count;
                errors.AddRange(fileErrors.Take(Math.Max(0, inputs.MaxErrorsListed - errors.Count)).Select(e => e.ToString()));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                rejected++;
                errors.Add($"{file}: {ex.Message}");
            }

            progress?.Report($"inspector {file}");
        }

        return (findings, new InputSummary("inspector", files.Count, findings.Count, rejected, bytes, inputs.Inspector, errors));
    }

    private sealed class Worker(CloudTrailReader reader, CloudTrailReview review)
    {
        public CloudTrailReader Reader { get; } = reader;

        public CloudTrailReview Review { get; } = review;

        public List<Detection> Detections { get; } = [];

        public long DetectionsNotListed { get; set; }

        public long Rejected { get; set; }

        public long Bytes { get; set; }
    }
}
