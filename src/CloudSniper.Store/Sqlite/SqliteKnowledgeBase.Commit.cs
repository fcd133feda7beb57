using System.Buffers;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Store.Sqlite;

/// <summary>Committing batches of findings.</summary>
public sealed partial class SqliteKnowledgeBase
{
    private readonly CommitPlan _plan = new();
    private readonly ArrayBufferWriter<byte> _json = new(64 * 1024);

    /// <inheritdoc />
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
            var commands = _commands ?? throw new InvalidOperationException("call InitializeAsync before using the knowledge base");
            var now = _time.GetUtcNow();
            using var transaction = Writer.BeginTransaction(deferred: false);
            commands.Enlist(transaction);
            _plan.Clear();
            int inserted = 0, updated = 0, unchanged = 0, sightings = 0;
            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (UpsertFinding(commands, item.Finding))
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
            _gate.Release();
        }
    }

    private static CommitOutcome UpsertFinding(CommitCommands commands, Finding finding)
    {
        var p = commands.UpsertFinding.Parameters;
        p[0].Value = finding.Id;
        p[1].Value = SqliteTime.ToTicks(finding.UpdatedAt);
        p[2].Value = finding.Source.ToString();
        p[3].Value = finding.Type.Raw;
        p[4].Value = finding.Severity;
        p[5].Value = (object?)finding.AccountId ?? DBNull.Value;
        // Raw is stored beside the document, not inside it: escaping a multi-kilobyte JSON string into JSON and
        // back costs more than the rest of the finding.
        p[6].Value = FindingJson.ToUtf8Bytes(finding with { Raw = "" });
        p[7].Value = finding.Raw;
        return commands.UpsertFinding.ExecuteScalar() switch
        {
            null => CommitOutcome.Unchanged,
            long version when version == 1 => CommitOutcome.Inserted,
            _ => CommitOutcome.Updated,
        };
    }

    private void WritePlan(CommitCommands commands)
    {
        if (_plan.Sightings.Count > 0)
        {
            commands.ClearStage.ExecuteNonQuery();
            commands.StageSightings.Parameters[0].Value = SightingRows();
            commands.StageSightings.ExecuteNonQuery();
            commands.ApplySightings.ExecuteNonQuery();
            commands.ApplyIocs.ExecuteNonQuery();
            commands.ApplyIocAttributes.ExecuteNonQuery();
        }

        if (_plan.Incidents.Count > 0)
        {
            commands.UpsertIncidents.Parameters[0].Value = IncidentRows();
            commands.UpsertIncidents.ExecuteNonQuery();
            commands.UpsertIncidentFindings.Parameters[0].Value = IncidentFindingRows();
            commands.UpsertIncidentFindings.ExecuteNonQuery();
            commands.InsertIncidentTypes.Parameters[0].Value = IncidentTypeRows();
            commands.InsertIncidentTypes.ExecuteNonQuery();
        }
    }

    private string SightingRows() => Rows(w =>
    {
        foreach (var planned in _plan.Sightings)
        {
            var s = planned.Sighting;
            w.WriteStartArray();
            w.WriteStringValue(s.IocValue);
            w.WriteStringValue(planned.Type.ToString());
            w.WriteStringValue(s.SourceId);
            w.WriteStringValue(s.Source);
            w.WriteStringValue(s.Role);
            WriteNullable(w, s.AccountId);
            WriteNullable(w, s.Region);
            w.WriteNumberValue(SqliteTime.ToTicks(s.FirstSeen));
            w.WriteNumberValue(SqliteTime.ToTicks(s.LastSeen));
            w.WriteNumberValue(s.Count);
            w.WriteNumberValue(planned.Confidence);
            w.WriteEndArray();
        }
    });

    private string IncidentRows() => Rows(w =>
    {
        foreach (var incident in _plan.Incidents)
        {
            w.WriteStartArray();
            w.WriteStringValue(incident.Id);
            w.WriteStringValue(incident.Kind.ToString());
            w.WriteStringValue(incident.Key);
            w.WriteNumberValue(incident.MaxSeverity);
            w.WriteNumberValue(SqliteTime.ToTicks(incident.FirstSeen));
            w.WriteNumberValue(SqliteTime.ToTicks(incident.LastSeen));
            WriteNullable(w, incident.AccountId);
            WriteNullable(w, incident.Region);
            w.WriteEndArray();
        }
    });

    private string IncidentFindingRows() => Rows(w =>
    {
        foreach (var incident in _plan.Incidents)
        {
            foreach (var (findingId, lastSeen) in incident.Findings)
            {
                w.WriteStartArray();
                w.WriteStringValue(incident.Id);
                w.WriteStringValue(findingId);
                w.WriteNumberValue(SqliteTime.ToTicks(lastSeen));
                w.WriteEndArray();
            }
        }
    });

    private string IncidentTypeRows() => Rows(w =>
    {
        foreach (var incident in _plan.Incidents)
        {
            foreach (var type in incident.Types)
            {
                w.WriteStartArray();
                w.WriteStringValue(incident.Id);
                w.WriteStringValue(type);
                w.WriteEndArray();
            }
        }
    });

    // SQLite reads a BLOB argument of json_each as its binary JSONB form, so the rows go in as TEXT.
    private string Rows(Action<Utf8JsonWriter> write)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
