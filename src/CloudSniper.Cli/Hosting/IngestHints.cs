namespace CloudSniper.Cli.Hosting;

/// <summary>Points a person who gave <c>ingest</c> a CloudTrail or flow-log file at the verb that reads it.</summary>
internal static class IngestHints
{
    /// <summary>The hint for a rejected record, or null when its start looks like neither CloudTrail nor a flow log.</summary>
    public static string? For(Core.Ingestion.RecordError error)
    {
        if (!error.Reason.StartsWith("unrecognised format", StringComparison.Ordinal))
        {
            return null;
        }

        var reason = error.Reason;

        // CloudTrail log files are {"Records":[...]} with eventVersion/eventSource in each record ("CloudTrail record contents").
        if (reason.Contains("\"eventVersion\"", StringComparison.Ordinal) || reason.Contains("\"eventSource\"", StringComparison.Ordinal) || reason.Contains("\"Records\"", StringComparison.Ordinal))
        {
            return $"{error.Source} looks like CloudTrail: read it with sniper runbook --cloudtrail {error.Source}";
        }

        // Flow log files begin with the header line of their field names, "version account-id …" for the default format ("Flow log records").
        if (reason.Contains("starts with \"version ", StringComparison.Ordinal) || reason.Contains(" srcaddr ", StringComparison.Ordinal))
        {
            return $"{error.Source} looks like a VPC flow log: read it with sniper beacons {error.Source} (or sniper hunt)";
        }

        return null;
    }
}
