using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// Aggregates CloudTrail records into the review: per event counts with principals, user agents and source IPs;
/// console changes; user-agent families per principal and the calls from unusual agents; console logins; root
/// activity; access-denied bursts. Memory grows with distinct keys (events, agents, addresses, principals,
/// active minutes), and the listed items are capped. Not thread-safe: use one per worker and <see cref="Merge"/>.
/// </summary>
public sealed class CloudTrailReview(CloudTrailReviewOptions? options = null)
{
    private static readonly int FamilyCount = Enum.GetValues<UserAgentFamily>().Length;
    private static readonly string[] ReadPrefixes = ["Get", "List", "Describe", "Head", "Lookup", "Search", "Check", "BatchGet", "Scan", "Query", "Select", "Test", "Validate", "View", "Preview", "Estimate"];

    private readonly CloudTrailReviewOptions _options = options ?? new CloudTrailReviewOptions();
    private readonly Dictionary<(string Source, string Name), EventStats> _events = [];
    private readonly Dictionary<string, PrincipalStats> _principals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Principal, string UserAgent, string EventName), long> _unusual = [];
    private readonly Dictionary<string, DeniedCalls> _denied = new(StringComparer.Ordinal);
    private readonly List<ConsoleChange> _consoleChanges = [];
    private readonly List<ConsoleLogin> _consoleLogins = [];
    private readonly List<RootAction> _rootActivity = [];
    private readonly Dictionary<string, long> _notListed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserAgentFamily> _families = new(StringComparer.Ordinal);

    /// <summary>Records added.</summary>
    public long Records { get; private set; }

    /// <summary>The earliest event time seen.</summary>
    public DateTimeOffset? FirstEvent { get; private set; }

    /// <summary>The latest event time seen.</summary>
    public DateTimeOffset? LastEvent { get; private set; }

    /// <summary>Adds one record.</summary>
    public void Add(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        var source = record.Text(StandardFields.EventSource) ?? "";
        var name = record.Text(StandardFields.EventName) ?? "";
        var userAgent = record.Text(StandardFields.UserAgent);
        var sourceIp = record.Text(StandardFields.SourceIp);
        var errorCode = record.Text(StandardFields.ErrorCode);
        var principal = PrincipalOf(record);
        var identityType = record.Text(StandardFields.IdentityType) ?? "";
        var time = record.Time;
        if (time is { } t)
        {
            if (FirstEvent is null || t < FirstEvent)
            {
                FirstEvent = t;
            }

            if (LastEvent is null || t > LastEvent)
            {
                LastEvent = t;
            }
        }

        if (!_events.TryGetValue((source, name), out var stats))
        {
            stats = new EventStats();
            _events[(source, name)] = stats;
        }

        stats.Count++;
        if (errorCode is not null)
        {
            stats.Errors++;
        }

        Increment(stats.Principals, principal);
        Increment(stats.UserAgents, userAgent ?? "");
        Increment(stats.SourceIps, sourceIp ?? "");

        var family = FamilyOf(userAgent);
        var isLogin = name == "ConsoleLogin" && source == "signin.amazonaws.com";
        if (identityType is "AssumedRole" or "Role" or "IAMUser" or "FederatedUser")
        {
            if (!_principals.TryGetValue(principal, out var p))
            {
                p = new PrincipalStats(identityType, new long[FamilyCount]);
                _principals[principal] = p;
            }

            p.Calls++;
            p.Families[(int)family]++;
            if (!UserAgentClassifier.IsProgrammatic(family) && !isLogin)
            {
                var key = (principal, userAgent ?? "", name);
                _unusual[key] = _unusual.GetValueOrDefault(key) + 1;
            }
        }

        var consoleSession = record.Text(StandardFields.SessionCredentialFromConsole) == "true"
            || family is UserAgentFamily.Console or UserAgentFamily.Browser;
        if (consoleSession && !isLogin && IsWrite(record, name) && identityType != "AWSService")
        {
            AddCapped(_consoleChanges, "consoleChanges", new ConsoleChange(time, principal, source, name, sourceIp, userAgent, record.Text(StandardFields.AwsRegion), record.Text(StandardFields.EventId)));
        }

        if (isLogin)
        {
            AddCapped(_consoleLogins, "consoleLogins", new ConsoleLogin(
                time,
                principal,
                sourceIp,
                string.Equals(record.Text(StandardFields.ConsoleLoginResult), "Success", StringComparison.OrdinalIgnoreCase),
                string.Equals(record.Text(StandardFields.MfaUsed), "Yes", StringComparison.OrdinalIgnoreCase),
                userAgent,
                record.Text(StandardFields.EventId)));
        }

        if (identityType == "Root" && record.Text(StandardFields.EventType) != "AwsServiceEvent" && record.Text(StandardFields.IdentityInvokedBy) is null)
        {
            AddCapped(_rootActivity, "rootActivity", new RootAction(time, name, source, sourceIp, userAgent, record.Text(StandardFields.IdentityAccountId) ?? record.Text(StandardFields.RecipientAccountId), record.Text(StandardFields.EventId)));
        }

        if (errorCode is not null && IsAccessDenied(errorCode) && time is { } deniedAt)
        {
            if (!_denied.TryGetValue(principal, out var denied))
            {
                denied = new DeniedCalls();
                _denied[principal] = denied;
            }

            denied.Add(deniedAt, name);
        }
    }

    /// <summary>Adds everything <paramref name="other"/> gathered (for parallel readers).</summary>
    public void Merge(CloudTrailReview other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Records += other.Records;
        if (other.FirstEvent is { } f && (FirstEvent is null || f < FirstEvent))
        {
            FirstEvent = f;
        }

        if (other.LastEvent is { } l && (LastEvent is null || l > LastEvent))
        {
            LastEvent = l;
        }

        foreach (var (key, theirs) in other._events)
        {
            if (!_events.TryGetValue(key, out var mine))
            {
                mine = new EventStats();
                _events[key] = mine;
            }

            mine.Count += theirs.Count;
            mine.Errors += theirs.Errors;
            MergeCounts(mine.Principals, theirs.Principals);
            MergeCounts(mine.UserAgents, theirs.UserAgents);
            MergeCounts(mine.SourceIps, theirs.SourceIps);
        }

        foreach (var (key, theirs) in other._principals)
        {
            if (!_principals.TryGetValue(key, out var mine))
            {
                mine = new PrincipalStats(theirs.Type, new long[FamilyCount]);
                _principals[key] = mine;
            }

            mine.Calls += theirs.Calls;
            for (var i = 0; i < FamilyCount; i++)
            {
                mine.Families[i] += theirs.Families[i];
            }
        }

        foreach (var (key, count) in other._unusual)
        {
            _unusual[key] = _unusual.GetValueOrDefault(key) + count;
        }

        foreach (var (principal, theirs) in other._denied)
        {
            if (!_denied.TryGetValue(principal, out var mine))
            {
                mine = new DeniedCalls();
                _denied[principal] = mine;
            }

            mine.Merge(theirs);
        }

        foreach (var c in other._consoleChanges)
        {
            AddCapped(_consoleChanges, "consoleChanges", c);
        }

        foreach (var c in other._consoleLogins)
        {
            AddCapped(_consoleLogins, "consoleLogins", c);
        }

        foreach (var c in other._rootActivity)
        {
            AddCapped(_rootActivity, "rootActivity", c);
        }

        MergeCounts(_notListed, other._notListed);
    }

    /// <summary>The review section of the report.</summary>
    public CloudTrailSection Build()
    {
        var events = _events
            .Select(e => new EventSummary(e.Key.Source, e.Key.Name, e.Value.Count, e.Value.Errors, Sorted(e.Value.Principals), Sorted(e.Value.UserAgents), Sorted(e.Value.SourceIps)))
            .OrderByDescending(e => e.Count).ThenBy(e => e.EventSource, StringComparer.Ordinal).ThenBy(e => e.EventName, StringComparer.Ordinal)
            .ToList();
        var principals = _principals
            .Select(p => new PrincipalUserAgents(
                p.Key,
                p.Value.Type,
                p.Value.Calls,
                Sorted(Enumerable.Range(0, FamilyCount).Where(i => p.Value.Families[i] > 0).ToDictionary(i => FamilyName((UserAgentFamily)i), i => p.Value.Families[i])),
                Enumerable.Range(0, FamilyCount).Where(i => p.Value.Families[i] > 0 && UserAgentClassifier.IsProgrammatic((UserAgentFamily)i)).Select(i => FamilyName((UserAgentFamily)i)).ToList()))
            .OrderByDescending(p => p.Calls).ThenBy(p => p.Principal, StringComparer.Ordinal)
            .ToList();
        var unusual = _unusual
            .Select(u => new UnusualUserAgent(u.Key.Principal, u.Key.UserAgent, FamilyName(UserAgentClassifier.Classify(u.Key.UserAgent)), u.Key.EventName, u.Value))
            .OrderBy(u => u.Principal, StringComparer.Ordinal).ThenByDescending(u => u.Count).ThenBy(u => u.UserAgent, StringComparer.Ordinal).ThenBy(u => u.EventName, StringComparer.Ordinal)
            .ToList();
        return new CloudTrailSection
        {
            Records = Records,
            FirstEvent = FirstEvent,
            LastEvent = LastEvent,
            Events = events,
            ConsoleChanges = [.. _consoleChanges.OrderBy(c => c.Time).ThenBy(c => c.EventId, StringComparer.Ordinal)],
            ConsoleLogins = [.. _consoleLogins.OrderBy(c => c.Time).ThenBy(c => c.EventId, StringComparer.Ordinal)],
            RootActivity = [.. _rootActivity.OrderBy(c => c.Time).ThenBy(c => c.EventId, StringComparer.Ordinal)],
            UnusualUserAgents = unusual,
            PrincipalUserAgents = principals,
            AccessDeniedBursts = Bursts(),
            NotListed = new Dictionary<string, long>(_notListed.OrderBy(k => k.Key, StringComparer.Ordinal)),
        };
    }

    /// <summary>The principal a record is attributed to: the role behind an assumed-role session, else the identity's ARN or name.</summary>
    public static string PrincipalOf(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var type = record.Text(StandardFields.IdentityType);
        if (type == "AssumedRole" && record.Text(StandardFields.SessionIssuerArn) is { } issuer)
        {
            return issuer;
        }

        return record.Text(StandardFields.IdentityArn)
            ?? record.Text(StandardFields.IdentityUserName)
            ?? record.Text(StandardFields.IdentityInvokedBy)
            ?? record.Text(StandardFields.IdentityPrincipalId)
            ?? type
            ?? "unknown";
    }

    /// <summary>True when the call changes something: <c>readOnly</c> false, or, where absent, a name that is not Get/List/Describe-like.</summary>
    public static bool IsWrite(CloudTrailRecord record, string eventName)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(eventName);
        switch (record.Text(StandardFields.ReadOnly))
        {
            case "true":
                return false;
            case "false":
                return true;
            default:
                foreach (var prefix in ReadPrefixes)
                {
                    if (eventName.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>True for the error codes AWS uses to deny a call (AccessDenied, Client.UnauthorizedOperation, …).</summary>
    public static bool IsAccessDenied(string errorCode)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        return errorCode.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase)
            || errorCode.Contains("UnauthorizedOperation", StringComparison.OrdinalIgnoreCase)
            || errorCode.Contains("AuthorizationError", StringComparison.OrdinalIgnoreCase)
            || errorCode.Equals("Forbidden", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The JSON/report name of a family.</summary>
    public static string FamilyName(UserAgentFamily family) => family switch
    {
        UserAgentFamily.AwsService => "aws-service",
        UserAgentFamily.Console => "console",
        UserAgentFamily.Browser => "browser",
        UserAgentFamily.Cli => "cli",
        UserAgentFamily.Sdk => "sdk",
        UserAgentFamily.Terraform => "terraform",
        UserAgentFamily.Other => "other",
        _ => "none",
    };

    private List<AccessDeniedBurst> Bursts()
    {
        var bursts = new List<AccessDeniedBurst>();
        var window = (long)Math.Max(1, Math.Ceiling(_options.BurstWindow.TotalMinutes));
        foreach (var (principal, denied) in _denied)
        {
            var minutes = denied.Minutes;
            var keys = minutes.Keys.Order().ToArray();
            long sum = 0;
            var start = 0;
            (long From, long To)? current = null;
            var runs = new List<(long From, long To)>();
            for (var end = 0; end < keys.Length; end++)
            {
                sum += minutes[keys[end]].Count;
                while (keys[end] - keys[start] >= window)
                {
                    sum -= minutes[keys[start]].Count;
                    start++;
                }

                if (sum >= _options.BurstThreshold)
                {
                    if (current is { } c && keys[start] <= c.To)
                    {
                        current = (c.From, keys[end]);
                    }
                    else
                    {
                        if (current is { } done)
                        {
                            runs.Add(done);
                        }

                        current = (keys[start], keys[end]);
                    }
                }
            }

            if (current is { } last)
            {
                runs.Add(last);
            }

            foreach (var (from, to) in runs)
            {
                var inRun = keys.Where(k => k >= from && k <= to).Select(k => minutes[k]).ToList();
                var names = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var hour = from / 60; hour <= to / 60; hour++)
                {
                    if (denied.NamesByHour.TryGetValue(hour, out var hourly))
                    {
                        MergeCounts(names, hourly);
                    }
                }

                bursts.Add(new AccessDeniedBurst(
                    principal,
                    new DateTimeOffset(inRun.Min(b => b.FirstTicks), TimeSpan.Zero),
                    new DateTimeOffset(inRun.Max(b => b.LastTicks), TimeSpan.Zero),
                    inRun.Sum(b => b.Count),
                    Sorted(names)));
            }
        }

        return [.. bursts.OrderByDescending(b => b.Count).ThenBy(b => b.Principal, StringComparer.Ordinal).ThenBy(b => b.Start)];
    }

    /// <summary>The family of an agent, cached: agents repeat, and classifying costs a dozen substring searches.</summary>
    private UserAgentFamily FamilyOf(string? userAgent)
    {
        if (userAgent is null)
        {
            return UserAgentFamily.None;
        }

        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_families, userAgent, out var exists);
        if (!exists)
        {
            slot = UserAgentClassifier.Classify(userAgent);
        }

        return slot;
    }

    private void AddCapped<T>(List<T> list, string name, T item)
    {
        if (list.Count < _options.MaxListItems)
        {
            list.Add(item);
        }
        else
        {
            _notListed[name] = _notListed.GetValueOrDefault(name) + 1;
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
    }

    private static void MergeCounts(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(into, k, out _) += v;
        }
    }

    private static Dictionary<string, long> Sorted(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    private sealed class EventStats
    {
        public long Count;
        public long Errors;
        public readonly Dictionary<string, long> Principals = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> UserAgents = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> SourceIps = new(StringComparer.Ordinal);
    }

    private sealed class PrincipalStats(string type, long[] families)
    {
        public string Type { get; } = type;

        public long[] Families { get; } = families;

        public long Calls { get; set; }
    }

    /// <summary>
    /// One principal's denied calls: a count and time range per minute (a struct per active minute, no allocation)
    /// and the event names per hour. A burst lists the names of the hours it spans: per-minute name tables cost an
    /// allocation per active minute, which a month of logs turns into hundreds of megabytes.
    /// </summary>
    private sealed class DeniedCalls
    {
        public Dictionary<long, MinuteCount> Minutes { get; } = [];

        public Dictionary<long, Dictionary<string, long>> NamesByHour { get; } = [];

        public void Add(DateTimeOffset at, string eventName)
        {
            var ticks = at.UtcTicks;
            var minute = at.ToUnixTimeSeconds() / 60;
            ref var bucket = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Minutes, minute, out var exists);
            bucket = exists
                ? new MinuteCount(bucket.Count + 1, Math.Min(bucket.FirstTicks, ticks), Math.Max(bucket.LastTicks, ticks))
                : new MinuteCount(1, ticks, ticks);
            var hour = minute / 60;
            if (!NamesByHour.TryGetValue(hour, out var names))
            {
                names = new Dictionary<string, long>(StringComparer.Ordinal);
                NamesByHour[hour] = names;
            }

            Increment(names, eventName);
        }

        public void Merge(DeniedCalls other)
        {
            foreach (var (minute, theirs) in other.Minutes)
            {
                ref var bucket = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Minutes, minute, out var exists);
                bucket = exists
                    ? new MinuteCount(bucket.Count + theirs.Count, Math.Min(bucket.FirstTicks, theirs.FirstTicks), Math.Max(bucket.LastTicks, theirs.LastTicks))
                    : theirs;
            }

            foreach (var (hour, theirs) in other.NamesByHour)
            {
                if (!NamesByHour.TryGetValue(hour, out var names))
                {
                    names = new Dictionary<string, long>(StringComparer.Ordinal);
                    NamesByHour[hour] = names;
                }

                MergeCounts(names, theirs);
            }
        }
    }

    /// <summary>Denied calls in one minute: how many, and the first and last (UTC ticks).</summary>
    private readonly record struct MinuteCount(long Count, long FirstTicks, long LastTicks);
}
