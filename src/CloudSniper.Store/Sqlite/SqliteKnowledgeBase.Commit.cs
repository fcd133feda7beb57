using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Store.Sqlite;

/// <summary>Committing batches of findings.</summary>
public sealed partial class SqliteKnowledgeBase
{
    private readonly CommitPlan _plan = new();
    private readonly Dictionary<string, long> _newSightings = new(StringComparer.Ordinal);

    /// <summary>
    /// Stores a batch in one transaction. The work runs on a thread-pool thread (SQLite's API is synchronous), so a
    /// caller that starts a commit and goes on parsing the next batch uses both cores; the batch must not change
    /// until the returned task completes.
    /// </summary>
    public async Task<CommitResult> CommitAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return CommitResult.Empty;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Commit(batch, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private CommitResult Commit(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken)
    {
        var commands = _commands ?? throw new InvalidOperationException("call InitializeAsync before using the knowledge base");
        var now = _time.GetUtcNow();
        try
        {
            using var transaction = Writer.BeginTransaction(deferred: false);
            int inserted = 0, updated = 0, unchanged = 0, sightings = 0;
            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (UpsertFinding(commands, item))
                {
                    case CommitOutcome.Inserted:
                        inserted++;
                        break;
                    case CommitOutcome.Updated:
                        updated++;
                        break;
                    default:
                        unchanged++;
                        continue;
                }

                sightings += _plan.Add(item, now);
            }

            WritePlan(commands);
            transaction.Commit();
            return new CommitResult(inserted, updated, unchanged, sightings);
        }
        finally
        {
            _plan.Clear();
            _newSightings.Clear();
        }
    }

    private static CommitOutcome UpsertFinding(CommitCommands commands, FindingWithIocs item)
    {
        var finding = item.Finding;
        var version = commands.UpsertFinding
            .Bind(1, finding.Id)
            .Bind(2, SqliteTime.ToTicks(finding.UpdatedAt))
            .Bind(3, finding.Source.ToString())
            .Bind(4, finding.Type.Raw)
            .Bind(5, finding.Severity)
            .Bind(6, finding.AccountId)
            .Bind(7, item.StoredDocument.Span)
            .ExecuteInt64();
        return version switch
        {
            null => CommitOutcome.Unchanged,
            1 => CommitOutcome.Inserted,
            _ => CommitOutcome.Updated,
        };
    }

    /// <inheritdoc />
    public void Prepare(FindingWithIocs item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _ = item.StoredDocument;
        _ = item.Incidents;
    }

    private void WritePlan(CommitCommands commands)
    {
        foreach (var planned in _plan.Sightings)
        {
            var s = planned.Sighting;
            var changed = commands.InsertSighting
                .Bind(1, s.IocValue).Bind(2, s.SourceId).Bind(3, s.Source).Bind(4, s.Role).Bind(5, s.AccountId).Bind(6, s.Region)
                .Bind(7, SqliteTime.ToTicks(s.FirstSeen)).Bind(8, SqliteTime.ToTicks(s.LastSeen)).Bind(9, s.Count)
                .Execute();
            if (changed == 1)
            {
                _newSightings[s.IocValue] = _newSightings.GetValueOrDefault(s.IocValue) + 1;
            }
            else
            {
                commands.RefreshSighting
                    .Bind(1, s.IocValue).Bind(2, s.SourceId).Bind(3, s.Source).Bind(4, s.Role).Bind(5, s.AccountId).Bind(6, s.Region)
                    .Bind(8, SqliteTime.ToTicks(s.LastSeen)).Bind(9, s.Count)
                    .Execute();
            }
        }

        foreach (var indicator in _plan.Indicators)
        {
            var newSightings = _newSightings.GetValueOrDefault(indicator.Value);
            using var sources = indicator.Sources.GetEnumerator();
            using var accounts = indicator.Accounts.GetEnumerator();
            using var regions = indicator.Regions.GetEnumerator();
            for (var round = 0; ; round++)
            {
                var source = sources.MoveNext() ? sources.Current : null;
                var account = accounts.MoveNext() ? accounts.Current : null;
                var region = regions.MoveNext() ? regions.Current : null;
                if (round > 0 && source is null && account is null && region is null)
                {
                    break;
                }

                commands.UpsertIoc
                    .Bind(1, indicator.Value).Bind(2, indicator.Type.ToString())
                    .Bind(3, SqliteTime.ToTicks(indicator.FirstSeen)).Bind(4, SqliteTime.ToTicks(indicator.LastSeen))
                    .Bind(5, round == 0 ? newSightings : 0).Bind(6, indicator.Confidence)
                    .Bind(7, source).Bind(8, account).Bind(9, region)
                    .Execute();
            }
        }

        foreach (var incident in _plan.Incidents)
        {
            foreach (var type in incident.Types)
            {
                commands.UpsertIncident
                    .Bind(1, incident.Id).Bind(2, incident.Kind.ToString()).Bind(3, incident.Key).Bind(4, incident.MaxSeverity)
                    .Bind(5, SqliteTime.ToTicks(incident.FirstSeen)).Bind(6, SqliteTime.ToTicks(incident.LastSeen))
                    .Bind(7, incident.AccountId).Bind(8, incident.Region).Bind(9, type)
                    .Execute();
            }

            // An indicator's incident is made of the findings that sighted it: its members are read from the
            // sightings, which hold them already, and only a resource's incident keeps rows of its own.
            if (incident.Kind == IncidentKind.Indicator)
            {
                continue;
            }

            foreach (var (findingId, firstSeen) in incident.Findings)
            {
                commands.UpsertIncidentFinding.Bind(1, incident.Id).Bind(2, SqliteTime.ToTicks(firstSeen)).Bind(3, findingId).Execute();
            }
        }
    }
}
