using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Testing;

/// <summary>
/// The behaviour every <see cref="IKnowledgeBase"/> implementation must have. Each store's test project subclasses it
/// once and says how to open an instance; every test starts on an empty store.
/// </summary>
public abstract class KnowledgeBaseContract : IAsyncLifetime
{
    private const string Ip1 = "198.51.100.1";
    private const string Ip2 = "198.51.100.2";
    private const string Ip3 = "203.0.113.9";
    private const string AccountA = "111122223333";
    private const string AccountB = "444455556666";

    private readonly List<IKnowledgeBase> _opened = [];
    private IKnowledgeBase? _store;

    /// <summary>The clock every opened instance uses; it stands at a day after <see cref="TestFindings.T0"/>.</summary>
    protected ManualTimeProvider Time { get; } = new(TestFindings.T0.AddDays(1));

    /// <summary>The instance the tests use.</summary>
    protected IKnowledgeBase Store => _store ?? throw new InvalidOperationException("the store is not open yet");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Why the concurrent-writer test cannot run against this backend, or null when it can: an emulator that does not
    /// isolate concurrent transactions from each other cannot show what the store guarantees on the real service.
    /// </summary>
    protected virtual string? ConcurrencySkipReason => null;

    /// <summary>Why this store cannot run the thousand-write hot-item test here, or null when it can.</summary>
    protected virtual string? HotItemSkipReason => null;

    /// <summary>Opens a new, uninitialised instance of the store under test; every call reaches the same data.</summary>
    protected abstract IKnowledgeBase Open(TimeProvider time);

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => _store = await OpenAnotherAsync();

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Opens and initialises one more instance on the same data, as another worker would.</summary>
    protected async Task<IKnowledgeBase> OpenAnotherAsync()
    {
        var store = Open(Time);
        _opened.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    [Fact]
    public async Task Commit_stores_unknown_findings_as_inserted()
    {
        var result = await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]), TestFindings.GuardDuty("f2", TestFindings.T0, [Ip1, Ip2]));

        Assert.Equal(new CommitResult(2, 0, 0, 3), result);
        var stored = await Store.GetFindingAsync("f2", Ct);
        Assert.NotNull(stored);
        Assert.Equal(TestFindings.T0, stored.UpdatedAt);
        Assert.Equal(2, (await Store.GetIocAsync(Ip1, Ct))!.Sightings);
    }

    [Fact]
    public async Task Recommitting_a_finding_with_the_same_updatedAt_changes_nothing()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]));
        var before = await Store.GetIocAsync(Ip1, Ct);
        Time.Advance(TimeSpan.FromHours(5));

        var result = await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1, Ip2], count: 9));

        Assert.Equal(new CommitResult(0, 0, 1, 0), result);
        AssertSameIoc(before!, (await Store.GetIocAsync(Ip1, Ct))!);
        Assert.Null(await Store.GetIocAsync(Ip2, Ct));
        Assert.Single(await ToListAsync(Store.ListSightingsAsync(Ip1, Ct)));
        Assert.Equal(1, (await Store.GetFindingAsync("f1", Ct))!.Count);
    }

    [Fact]
    public async Task Recommitting_an_older_copy_of_a_finding_changes_nothing()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0.AddHours(1), [Ip1]));

        var result = await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip2]));

        Assert.Equal(new CommitResult(0, 0, 1, 0), result);
        Assert.Equal(TestFindings.T0.AddHours(1), (await Store.GetFindingAsync("f1", Ct))!.UpdatedAt);
        Assert.Null(await Store.GetIocAsync(Ip2, Ct));
    }

    [Fact]
    public async Task A_missing_updatedAt_counts_as_the_oldest()
    {
        Assert.Equal(new CommitResult(1, 0, 0, 1), await CommitAsync(TestFindings.GuardDuty("f1", null, [Ip1])));
        Assert.Equal(new CommitResult(0, 0, 1, 0), await CommitAsync(TestFindings.GuardDuty("f1", null, [Ip1])));
        Assert.Equal(new CommitResult(0, 1, 0, 1), await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1])));
        Assert.Equal(new CommitResult(0, 0, 1, 0), await CommitAsync(TestFindings.GuardDuty("f1", null, [Ip1])));
        Assert.Equal(TestFindings.T0, (await Store.GetFindingAsync("f1", Ct))!.UpdatedAt);
    }

    [Fact]
    public async Task An_undated_finding_is_seen_at_the_current_time()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", null, [Ip1]));

        var ioc = await Store.GetIocAsync(Ip1, Ct);
        Assert.Equal(Time.GetUtcNow(), ioc!.LastSeen);
        Assert.Equal(Time.GetUtcNow(), ioc.FirstSeen);
    }

    [Fact]
    public async Task A_newer_finding_replaces_the_stored_one_and_refreshes_its_sightings()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], count: 1));

        var result = await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0.AddHours(2), [Ip1, Ip2], count: 5, severity: 7.5));

        Assert.Equal(new CommitResult(0, 1, 0, 2), result);
        var stored = await Store.GetFindingAsync("f1", Ct);
        Assert.Equal(5, stored!.Count);
        Assert.Equal(7.5, stored.Severity);
        var sighting = Assert.Single(await ToListAsync(Store.ListSightingsAsync(Ip1, Ct)));
        Assert.Equal(TestFindings.T0.AddHours(2), sighting.LastSeen);
        Assert.Equal(TestFindings.T0.AddHours(-1), sighting.FirstSeen);
        Assert.Equal(5, sighting.Count);
        var ioc1 = await Store.GetIocAsync(Ip1, Ct);
        Assert.Equal(1, ioc1!.Sightings);
        Assert.Equal(TestFindings.T0.AddHours(2), ioc1.LastSeen);
        var ioc2 = await Store.GetIocAsync(Ip2, Ct);
        Assert.Equal(1, ioc2!.Sightings);
        Assert.Equal(["f1"], ioc2.FindingIds);
        var incident = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Resource, "Instance:i-0a1b2c3d4e5f00001"), Ct);
        Assert.Equal(7.5, incident!.MaxSeverity);
        Assert.Equal(["f1"], incident.FindingIds);
    }

    [Fact]
    public async Task An_indicator_seen_in_several_findings_merges_what_they_say()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], accountId: AccountA, region: "us-east-1", confidence: 60),
            TestFindings.GuardDuty("f2", TestFindings.T0.AddHours(3), [Ip1], accountId: AccountB, region: "eu-west-1", confidence: 90));
        await CommitAsync(TestFindings.GuardDuty("f3", TestFindings.T0.AddHours(-2), [Ip1], accountId: AccountA, confidence: 70, source: FindingSource.SecurityHub));

        var ioc = await Store.GetIocAsync(Ip1, Ct);

        Assert.NotNull(ioc);
        Assert.Equal(IocType.Ipv4, ioc.Type);
        Assert.Equal(3, ioc.Sightings);
        Assert.Equal(["f1", "f2", "f3"], ioc.FindingIds);
        Assert.Equal([AccountA, AccountB], ioc.Accounts);
        Assert.Equal(["eu-west-1", "us-east-1"], ioc.Regions);
        Assert.Equal(["guardduty", "securityhub"], ioc.Sources);
        Assert.Equal(90, ioc.Confidence);
        Assert.Equal(TestFindings.T0.AddHours(-3), ioc.FirstSeen);
        Assert.Equal(TestFindings.T0.AddHours(3), ioc.LastSeen);
        Assert.Null(ioc.ExpiresAt);

        var sightings = await ToListAsync(Store.ListSightingsAsync(Ip1, Ct));
        Assert.Equal(["f1", "f2", "f3"], sightings.Select(s => s.SourceId));
        Assert.Equal(["guardduty", "guardduty", "securityhub"], sightings.Select(s => s.Source));
        Assert.Equal([AccountA, AccountB, AccountA], sightings.Select(s => s.AccountId));
        Assert.All(sightings, s => Assert.Equal(nameof(IocRole.Attacker), s.Role));
    }

    [Fact]
    public async Task The_same_finding_twice_in_one_batch_is_applied_in_order()
    {
        var result = await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]),
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]),
            TestFindings.GuardDuty("f2", TestFindings.T0, [Ip1]),
            TestFindings.GuardDuty("f2", TestFindings.T0.AddHours(1), [Ip1]));

        Assert.Equal(new CommitResult(2, 1, 1, 3), result);
        Assert.Equal(2, (await Store.GetIocAsync(Ip1, Ct))!.Sightings);
        Assert.Equal(TestFindings.T0.AddHours(1), (await Store.GetFindingAsync("f2", Ct))!.UpdatedAt);
    }

    [Fact]
    public async Task Incidents_group_findings_by_affected_resource_and_by_indicator()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], instanceId: "i-1", severity: 5, type: "Recon:EC2/PortProbeUnprotectedPort"),
            TestFindings.GuardDuty("f2", TestFindings.T0.AddHours(1), [Ip2], instanceId: "i-1", severity: 8));
        await CommitAsync(TestFindings.GuardDuty("f3", TestFindings.T0.AddHours(2), [Ip1], instanceId: "i-2", severity: 3, accountId: AccountB));

        var incidents = await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(), Ct));

        Assert.Equal(4, incidents.Count);
        var byInstance = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Resource, "Instance:i-1"), Ct);
        Assert.NotNull(byInstance);
        Assert.Equal(IncidentKind.Resource, byInstance.Kind);
        Assert.Equal("Instance:i-1", byInstance.Key);
        Assert.Equal(["f1", "f2"], byInstance.FindingIds);
        Assert.Equal(["Recon:EC2/PortProbeUnprotectedPort", "UnauthorizedAccess:EC2/SSHBruteForce"], byInstance.Types);
        Assert.Equal(8, byInstance.MaxSeverity);
        Assert.Equal(TestFindings.T0.AddHours(-1), byInstance.FirstSeen);
        Assert.Equal(TestFindings.T0.AddHours(1), byInstance.LastSeen);
        Assert.Equal(AccountA, byInstance.AccountId);
        Assert.Equal("us-east-1", byInstance.Region);
        Assert.Equal("open", byInstance.Status);

        var byIndicator = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Indicator, "ioc:" + Ip1), Ct);
        Assert.NotNull(byIndicator);
        Assert.Equal(IncidentKind.Indicator, byIndicator.Kind);
        Assert.Equal(["f1", "f3"], byIndicator.FindingIds);
        Assert.Equal(5, byIndicator.MaxSeverity);
        Assert.Equal(TestFindings.T0.AddHours(2), byIndicator.LastSeen);
    }

    [Fact]
    public async Task An_indicators_incident_lists_the_findings_that_sighted_it_but_not_the_feed_entries()
    {
        await CommitAsync(
            TestFindings.GuardDuty("feed-1", TestFindings.T0, [Ip1], source: FindingSource.Feed),
            TestFindings.GuardDuty("f1", TestFindings.T0.AddHours(1), [Ip1, Ip2]));
        await CommitAsync(TestFindings.GuardDuty("f2", TestFindings.T0.AddHours(2), [Ip1], instanceId: "i-2"));

        var byIndicator = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Indicator, "ioc:" + Ip1), Ct);

        Assert.Equal(3, (await Store.GetIocAsync(Ip1, Ct))!.Sightings);
        Assert.Equal(["f1", "f2"], byIndicator!.FindingIds.Order(StringComparer.Ordinal));
        Assert.Equal(["f1"], (await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Indicator, "ioc:" + Ip2), Ct))!.FindingIds);
        Assert.Equal(TestFindings.T0.AddHours(2), byIndicator.LastSeen);
    }

    [Fact]
    public async Task Sample_and_feed_findings_are_stored_but_open_no_incident()
    {
        var result = await CommitAsync(
            TestFindings.GuardDuty("sample-1", TestFindings.T0, [Ip1], isSample: true),
            TestFindings.GuardDuty("feed-1", TestFindings.T0, [Ip2], source: FindingSource.Feed));

        Assert.Equal(new CommitResult(2, 0, 0, 1), result);
        Assert.True((await Store.GetFindingAsync("sample-1", Ct))!.IsSample);
        Assert.Null(await Store.GetIocAsync(Ip1, Ct));
        Assert.Equal(["feed"], (await Store.GetIocAsync(Ip2, Ct))!.Sources);
        Assert.Empty(await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(), Ct)));
    }

    [Fact]
    public async Task Adding_an_indicator_by_hand_records_one_sighting_per_source()
    {
        var observation = new IocObservation("evil.example.com", IocType.Domain, IocRole.FeedIndicator, 50);

        var added = await Store.AddIocAsync(observation, "manual", TestFindings.T0, TestFindings.T0.AddDays(7), "seen in the honeypot", Ct);

        Assert.Equal("evil.example.com", added.Value);
        Assert.Equal(IocType.Domain, added.Type);
        Assert.Equal(1, added.Sightings);
        Assert.Equal(["manual"], added.Sources);
        Assert.Empty(added.FindingIds);
        Assert.Equal(50, added.Confidence);
        Assert.Equal(TestFindings.T0.AddDays(7), added.ExpiresAt);
        Assert.Equal("seen in the honeypot", added.Description);
        Assert.Equal(TestFindings.T0, added.FirstSeen);
        AssertSameIoc(added, (await Store.GetIocAsync("evil.example.com", Ct))!);
        var sighting = Assert.Single(await ToListAsync(Store.ListSightingsAsync("evil.example.com", Ct)));
        Assert.Equal(new Sighting("evil.example.com", "manual", "manual", nameof(IocRole.FeedIndicator), null, null, TestFindings.T0, TestFindings.T0, 1), sighting);

        var again = await Store.AddIocAsync(observation with { Confidence = 40 }, "manual", TestFindings.T0.AddHours(1), TestFindings.T0.AddDays(7), null, Ct);

        Assert.Equal(1, again.Sightings);
        Assert.Equal(50, again.Confidence);
        Assert.Equal(TestFindings.T0.AddHours(1), again.LastSeen);
        Assert.Equal("seen in the honeypot", again.Description);
        sighting = Assert.Single(await ToListAsync(Store.ListSightingsAsync("evil.example.com", Ct)));
        Assert.Equal(2, sighting.Count);
        Assert.Equal(TestFindings.T0.AddHours(1), sighting.LastSeen);

        var fromFeed = await Store.AddIocAsync(observation, "feed:abuse", TestFindings.T0.AddHours(2), null, null, Ct);

        Assert.Equal(2, fromFeed.Sightings);
        Assert.Equal(["feed:abuse", "manual"], fromFeed.Sources);
        Assert.Null(fromFeed.ExpiresAt);
    }

    [Fact]
    public async Task Adding_an_indicator_already_seen_in_a_finding_merges_with_it()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]));

        var ioc = await Store.AddIocAsync(new IocObservation(Ip1, IocType.Ipv4, IocRole.FeedIndicator, 100), "manual", TestFindings.T0.AddHours(5), null, null, Ct);

        Assert.Equal(2, ioc.Sightings);
        Assert.Equal(["guardduty", "manual"], ioc.Sources);
        Assert.Equal(["f1"], ioc.FindingIds);
        Assert.Equal(100, ioc.Confidence);
        Assert.Equal(TestFindings.T0.AddHours(-1), ioc.FirstSeen);
        Assert.Equal(TestFindings.T0.AddHours(5), ioc.LastSeen);
    }

    [Fact]
    public async Task Removing_an_indicator_deletes_it_and_its_sightings_only()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1, Ip2]));
        await Store.AddIocAsync(new IocObservation(Ip1, IocType.Ipv4, IocRole.FeedIndicator, 10), "manual", TestFindings.T0, null, null, Ct);

        Assert.True(await Store.RemoveIocAsync(Ip1, Ct));

        Assert.Null(await Store.GetIocAsync(Ip1, Ct));
        Assert.Empty(await ToListAsync(Store.ListSightingsAsync(Ip1, Ct)));
        Assert.Equal(1, (await Store.GetIocAsync(Ip2, Ct))!.Sightings);
        Assert.NotNull(await Store.GetFindingAsync("f1", Ct));
        Assert.False(await Store.RemoveIocAsync(Ip1, Ct));
    }

    [Fact]
    public async Task Listing_indicators_orders_by_last_seen_then_value_and_filters()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0.AddHours(2), [Ip2, Ip1]),
            TestFindings.GuardDuty("f2", TestFindings.T0, ["2001:db8::1"]));
        await Store.AddIocAsync(new IocObservation("evil.example.com", IocType.Domain, IocRole.FeedIndicator, 50), "feed:abuse", TestFindings.T0.AddHours(1), TestFindings.T0.AddHours(12), null, Ct);
        await Store.AddIocAsync(new IocObservation("203.0.113.0/24", IocType.Cidr, IocRole.FeedIndicator, 50), "manual", TestFindings.T0.AddHours(-1), TestFindings.T0.AddDays(30), null, Ct);

        async Task<List<string>> ValuesAsync(IocQuery query) => [.. (await ToListAsync(Store.ListIocsAsync(query, Ct))).Select(i => i.Value)];

        Assert.Equal([Ip1, Ip2, "evil.example.com", "2001:db8::1", "203.0.113.0/24"], await ValuesAsync(new IocQuery()));
        Assert.Equal(["evil.example.com"], await ValuesAsync(new IocQuery(Type: IocType.Domain)));
        Assert.Equal(["203.0.113.0/24"], await ValuesAsync(new IocQuery(Type: IocType.Cidr)));
        Assert.Equal(["evil.example.com"], await ValuesAsync(new IocQuery(Contains: "EXAMPLE")));
        Assert.Equal([Ip1, Ip2], await ValuesAsync(new IocQuery(Contains: "198.51.100.")));
        Assert.Equal(["evil.example.com"], await ValuesAsync(new IocQuery(Source: "feed:abuse")));
        Assert.Equal([Ip1, Ip2, "2001:db8::1"], await ValuesAsync(new IocQuery(Source: "guardduty")));
        Assert.Equal([Ip1, Ip2, "2001:db8::1", "203.0.113.0/24"], await ValuesAsync(new IocQuery(ActiveOnly: true, Now: TestFindings.T0.AddDays(1))));
        Assert.Equal([Ip1, Ip2, "evil.example.com", "2001:db8::1", "203.0.113.0/24"], await ValuesAsync(new IocQuery(ActiveOnly: true, Now: TestFindings.T0)));
        Assert.Equal([Ip1, Ip2], await ValuesAsync(new IocQuery(Limit: 2)));
    }

    [Fact]
    public async Task Listing_active_indicators_without_a_time_uses_the_clock()
    {
        await Store.AddIocAsync(new IocObservation("old.example.com", IocType.Domain, IocRole.FeedIndicator, 50), "manual", TestFindings.T0, Time.GetUtcNow().AddSeconds(-1), null, Ct);
        await Store.AddIocAsync(new IocObservation("new.example.com", IocType.Domain, IocRole.FeedIndicator, 50), "manual", TestFindings.T0, Time.GetUtcNow().AddSeconds(1), null, Ct);

        var active = await ToListAsync(Store.ListIocsAsync(new IocQuery(ActiveOnly: true), Ct));

        Assert.Equal(["new.example.com"], active.Select(i => i.Value));
    }

    [Fact]
    public async Task Active_indicators_expire_a_ttl_after_their_last_sighting_exclusive_at_the_edge()
    {
        var ttl = TimeSpan.FromDays(90);
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1, Ip2]));
        await CommitAsync(TestFindings.GuardDuty("f2", TestFindings.T0.AddDays(10), [Ip2]));
        await Store.AddIocAsync(new IocObservation("evil.example.com", IocType.Domain, IocRole.FeedIndicator, 50), "manual", TestFindings.T0, null, null, Ct);

        async Task<List<string>> ActiveAsync(DateTimeOffset? now) => [.. (await ToListAsync(Store.ListIocsAsync(new IocQuery(ActiveOnly: true, Now: now, Ttl: ttl), Ct))).Select(i => i.Value).Order(StringComparer.Ordinal)];

        // Ip1 and the domain were last seen at T0, Ip2 at T0 + 10 days: each lives 90 days from that, not from its first sighting.
        Assert.Equal([Ip1, Ip2, "evil.example.com"], await ActiveAsync(TestFindings.T0.AddDays(90).AddTicks(-1)));
        Assert.Equal([Ip2], await ActiveAsync(TestFindings.T0.AddDays(90)));
        Assert.Equal([Ip2], await ActiveAsync(TestFindings.T0.AddDays(100).AddTicks(-1)));
        Assert.Empty(await ActiveAsync(TestFindings.T0.AddDays(100)));
        Assert.Equal(3, (await ToListAsync(Store.ListIocsAsync(new IocQuery(Ttl: ttl, Now: TestFindings.T0.AddDays(100)), Ct))).Count);

        Time.Advance(TestFindings.T0.AddDays(90) - Time.GetUtcNow());
        Assert.Equal([Ip2], await ActiveAsync(null));
    }

    [Fact]
    public async Task A_zero_ttl_keeps_indicators_active_until_their_explicit_expiry()
    {
        await Store.AddIocAsync(new IocObservation("evil.example.com", IocType.Domain, IocRole.FeedIndicator, 50), "manual", TestFindings.T0, TestFindings.T0.AddDays(400), null, Ct);

        var active = await ToListAsync(Store.ListIocsAsync(new IocQuery(ActiveOnly: true, Now: TestFindings.T0.AddDays(399), Ttl: TimeSpan.Zero), Ct));
        var expired = await ToListAsync(Store.ListIocsAsync(new IocQuery(ActiveOnly: true, Now: TestFindings.T0.AddDays(400), Ttl: TimeSpan.Zero), Ct));

        Assert.Equal(["evil.example.com"], active.Select(i => i.Value));
        Assert.Empty(expired);
    }

    [Fact]
    public async Task Listing_findings_orders_by_type_then_first_stored_and_filters()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f2", TestFindings.T0, [Ip1], type: "UnauthorizedAccess:EC2/SSHBruteForce", severity: 5, accountId: AccountB),
            TestFindings.GuardDuty("f4", TestFindings.T0, [Ip2], type: "Recon:EC2/PortProbeUnprotectedPort", severity: 2, accountId: AccountB),
            TestFindings.GuardDuty("f3", TestFindings.T0, [Ip2], type: "Software and Configuration Checks/AWS Security Best Practices", severity: 8, accountId: AccountA, source: FindingSource.SecurityHub));
        Time.Advance(TimeSpan.FromMinutes(1));
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], type: "Recon:EC2/PortProbeUnprotectedPort", severity: 2, accountId: AccountA));
        Time.Advance(TimeSpan.FromMinutes(1));
        await CommitAsync(TestFindings.GuardDuty("f4", TestFindings.T0.AddHours(1), [Ip2], type: "Recon:EC2/PortProbeUnprotectedPort", severity: 2, accountId: AccountB));

        async Task<List<string>> IdsAsync(FindingQuery query) => [.. (await ToListAsync(Store.ListFindingsAsync(query, Ct))).Select(f => f.Id)];

        Assert.Equal(["f4", "f1", "f3", "f2"], await IdsAsync(new FindingQuery()));
        Assert.Equal(["f3"], await IdsAsync(new FindingQuery(Source: FindingSource.SecurityHub)));
        Assert.Equal(["f4", "f1"], await IdsAsync(new FindingQuery(TypePrefix: "Recon:")));
        Assert.Equal(["f3", "f2"], await IdsAsync(new FindingQuery(MinSeverity: 5)));
        Assert.Equal(["f1", "f3"], await IdsAsync(new FindingQuery(AccountId: AccountA)));
        Assert.Equal(["f4", "f1"], await IdsAsync(new FindingQuery(Limit: 2)));
    }

    [Fact]
    public async Task Counting_findings_by_type_puts_the_most_frequent_first()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], type: "Recon:EC2/PortProbeUnprotectedPort"),
            TestFindings.GuardDuty("f2", TestFindings.T0, [Ip1], type: "UnauthorizedAccess:EC2/SSHBruteForce"),
            TestFindings.GuardDuty("f3", TestFindings.T0, [Ip1], type: "UnauthorizedAccess:EC2/SSHBruteForce"),
            TestFindings.GuardDuty("f4", TestFindings.T0, [Ip1], type: "Backdoor:EC2/C&CActivity.B!DNS"));

        var counts = await Store.CountFindingsByTypeAsync(Ct);

        Assert.Equal(
            [("UnauthorizedAccess:EC2/SSHBruteForce", 2), ("Backdoor:EC2/C&CActivity.B!DNS", 1), ("Recon:EC2/PortProbeUnprotectedPort", 1)],
            counts);
    }

    [Fact]
    public async Task Listing_incidents_orders_by_last_seen_and_filters_by_kind_and_severity()
    {
        await CommitAsync(
            TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1], instanceId: "i-1", severity: 2),
            TestFindings.GuardDuty("f2", TestFindings.T0.AddHours(1), [Ip2], instanceId: "i-2", severity: 8));

        var all = await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(), Ct));
        var byResource = await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(Kind: IncidentKind.Resource), Ct));
        var severe = await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(MinSeverity: 7), Ct));
        var limited = await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(Limit: 1), Ct));

        Assert.Equal(4, all.Count);
        Assert.Equal(all.OrderByDescending(i => i.LastSeen).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Id), all.Select(i => i.Id));
        Assert.Equal(["Instance:i-2", "Instance:i-1"], byResource.Select(i => i.Key));
        Assert.Equal(["Instance:i-2", "ioc:" + Ip2], severe.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal(all[0].Id, Assert.Single(limited).Id);
    }

    [Fact]
    public async Task The_audit_log_lists_entries_oldest_first_and_filters_them()
    {
        var e1 = Audit("a1", TestFindings.T0, subject: "198.51.100.1", findingId: "f1");
        var e2 = Audit("a2", TestFindings.T0.AddHours(1), subject: "i-1", findingId: "f1");
        var e3 = Audit("a3", TestFindings.T0.AddHours(2), subject: "198.51.100.1", findingId: null);
        await Store.AppendAuditAsync(e2, Ct);
        await Store.AppendAuditAsync(e3, Ct);
        await Store.AppendAuditAsync(e1, Ct);

        Assert.Equal([e1, e2, e3], await ToListAsync(Store.ListAuditAsync(new AuditQuery(), Ct)));
        Assert.Equal([e1, e3], await ToListAsync(Store.ListAuditAsync(new AuditQuery(Subject: "198.51.100.1"), Ct)));
        Assert.Equal([e1, e2], await ToListAsync(Store.ListAuditAsync(new AuditQuery(FindingId: "f1"), Ct)));
        Assert.Equal([e2, e3], await ToListAsync(Store.ListAuditAsync(new AuditQuery(Since: TestFindings.T0.AddHours(1)), Ct)));
        Assert.Equal([e1, e2], await ToListAsync(Store.ListAuditAsync(new AuditQuery(Limit: 2), Ct)));
    }

    [Fact]
    public async Task An_audit_entry_is_never_overwritten()
    {
        var original = Audit("a1", TestFindings.T0, subject: "198.51.100.1", findingId: null);
        await Store.AppendAuditAsync(original, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendAuditAsync(original with { Outcome = "failed" }, Ct));

        Assert.Equal([original], await ToListAsync(Store.ListAuditAsync(new AuditQuery(), Ct)));
    }

    [Fact]
    public async Task A_finding_with_every_field_set_reads_back_exactly()
    {
        var rich = TestFindings.Rich();
        await Store.CommitAsync([new FindingWithIocs(rich, [new IocObservation("198.51.100.7", IocType.Ipv4, IocRole.MaliciousHost, 90), new IocObservation("evil.example.com", IocType.Domain, IocRole.MaliciousDomain, 90)])], Ct);

        var stored = await Store.GetFindingAsync(rich.Id, Ct);
        var listed = Assert.Single(await ToListAsync(Store.ListFindingsAsync(new FindingQuery(), Ct)));

        Assert.NotNull(stored);
        Assert.Equal(FindingJson.ToJson(rich), FindingJson.ToJson(stored));
        Assert.Equal(FindingJson.ToJson(rich), FindingJson.ToJson(listed));
        Assert.Equal(rich.Raw, stored.Raw);
        Assert.Equal(rich.UpdatedAt!.Value.Offset, stored.UpdatedAt!.Value.Offset);
        Assert.Equal("web-1", stored.Instances[0].Tags["Name"]);
        Assert.Equal(["Instance:i-99", "AccessKey:AKIAEXAMPLE"], stored.Resources.Select(r => r.Key));
    }

    [Fact]
    public async Task A_large_raw_document_round_trips()
    {
        var big = TestFindings.Rich("big-1") with { Raw = "{\"padding\":\"" + new string('x', 600_000) + "\"}" };

        await Store.CommitAsync([new FindingWithIocs(big, [])], Ct);

        Assert.Equal(big.Raw, (await Store.GetFindingAsync("big-1", Ct))!.Raw);
    }

    [Fact]
    public async Task Unknown_keys_read_as_absent()
    {
        Assert.Null(await Store.GetFindingAsync("nope", Ct));
        Assert.Null(await Store.GetIocAsync("192.0.2.55", Ct));
        Assert.Null(await Store.GetIncidentAsync("inc-0000000000000000", Ct));
        Assert.Empty(await ToListAsync(Store.ListSightingsAsync("192.0.2.55", Ct)));
        Assert.Empty(await ToListAsync(Store.ListFindingsAsync(new FindingQuery(), Ct)));
        Assert.Empty(await Store.CountFindingsByTypeAsync(Ct));
        Assert.Equal(CommitResult.Empty, await Store.CommitAsync([], Ct));
    }

    [Fact]
    public async Task Initializing_again_keeps_what_is_stored()
    {
        await CommitAsync(TestFindings.GuardDuty("f1", TestFindings.T0, [Ip1]));

        await Store.InitializeAsync(Ct);
        var other = await OpenAnotherAsync();

        Assert.NotNull(await other.GetFindingAsync("f1", Ct));
        Assert.Equal(1, (await other.GetIocAsync(Ip1, Ct))!.Sightings);
    }

    [Fact]
    public async Task A_hot_indicator_keeps_exact_sightings_and_a_bounded_list_of_finding_ids()
    {
        // A plain skip even in CI: this reason is a known gap of one backend (moto), set by design in its subclass,
        // not a missing prerequisite; the same guarantee runs against dynalite and SQLite.
        Assert.SkipWhen(HotItemSkipReason is not null, HotItemSkipReason ?? "");
        const int findings = 1_010;
        var batch = Enumerable.Range(0, findings)
            .Select(i => TestFindings.GuardDuty($"hot-{i:D5}", TestFindings.T0.AddSeconds(i), [Ip3]))
            .ToArray();

        await Store.CommitAsync(batch[..600], Ct);
        await Store.CommitAsync(batch[600..], Ct);

        var ioc = await Store.GetIocAsync(Ip3, Ct);
        Assert.Equal(findings, ioc!.Sightings);
        Assert.InRange(ioc.FindingIds.Length, 1, 1_000);
        Assert.Equal(ioc.FindingIds.Length, ioc.FindingIds.Distinct().Count());
        Assert.Equal(findings, (await ToListAsync(Store.ListSightingsAsync(Ip3, Ct))).Count);
        var incident = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Indicator, "ioc:" + Ip3), Ct);
        Assert.InRange(incident!.FindingIds.Length, 1, 1_000);
        Assert.Equal(TestFindings.T0.AddSeconds(findings - 1), incident.LastSeen);
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_sighting_and_create_no_duplicate()
    {
        // A plain skip even in CI, as above: moto does not isolate concurrent transactions by design; dynalite runs this test.
        Assert.SkipWhen(ConcurrencySkipReason is not null, ConcurrencySkipReason ?? "");
        const int writers = 4;
        const int findings = 48;
        var ips = Enumerable.Range(1, 8).Select(i => $"198.51.100.{i}").ToArray();
        FindingWithIocs Make(int i, DateTimeOffset at) =>
            TestFindings.GuardDuty($"c-{i:D3}", at, [ips[i % ips.Length], ips[((i * 3) + 1) % ips.Length]], instanceId: $"i-{i % 5}");
        var stores = new List<IKnowledgeBase>();
        for (var w = 0; w < writers; w++)
        {
            stores.Add(await OpenAnotherAsync());
        }

        async Task<CommitResult> RunAsync(DateTimeOffset at) =>
            (await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
            {
                var order = Enumerable.Range(0, findings).OrderBy(i => ((i * 7) + (w * 13)) % findings).Select(i => Make(i, at)).ToArray();
                var total = CommitResult.Empty;
                foreach (var chunk in order.Chunk(5))
                {
                    total = total.Add(await store.CommitAsync(chunk, Ct));
                }

                return total;
            })))).Aggregate(CommitResult.Empty, (a, b) => a.Add(b));

        var first = await RunAsync(TestFindings.T0);
        var second = await RunAsync(TestFindings.T0.AddHours(1));

        Assert.Equal(findings, first.Inserted);
        Assert.Equal((writers - 1) * findings, first.Unchanged);
        Assert.Equal(findings, second.Updated);
        Assert.Equal((writers - 1) * findings, second.Unchanged);
        foreach (var ip in ips)
        {
            var expected = Enumerable.Range(0, findings).Where(i => Make(i, TestFindings.T0).Iocs.Any(o => o.Value == ip)).Select(i => $"c-{i:D3}").ToArray();
            var ioc = await Store.GetIocAsync(ip, Ct);
            Assert.Equal(expected.Length, ioc!.Sightings);
            Assert.Equal(expected, ioc.FindingIds);
            Assert.Equal(TestFindings.T0.AddHours(1), ioc.LastSeen);
            var sightings = await ToListAsync(Store.ListSightingsAsync(ip, Ct));
            Assert.Equal(expected, sightings.Select(s => s.SourceId));
            Assert.All(sightings, s => Assert.Equal(TestFindings.T0.AddHours(1), s.LastSeen));
            var incident = await Store.GetIncidentAsync(Incident.IdFor(IncidentKind.Indicator, "ioc:" + ip), Ct);
            Assert.Equal(expected, incident!.FindingIds);
        }

        Assert.Equal(findings, (await ToListAsync(Store.ListFindingsAsync(new FindingQuery(), Ct))).Count);
        Assert.Equal(ips.Length + 5, (await ToListAsync(Store.ListIncidentsAsync(new IncidentQuery(), Ct))).Count);
    }

    /// <summary>Commits one batch on <see cref="Store"/>.</summary>
    protected Task<CommitResult> CommitAsync(params FindingWithIocs[] batch) => Store.CommitAsync(batch, Ct);

    /// <summary>Reads a whole async sequence.</summary>
    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static AuditEntry Audit(string id, DateTimeOffset time, string subject, string? findingId) =>
        new(id, time, "sniper", "block-ip", subject, "ok", findingId, $$"""{"id":"{{id}}"}""");

    private static void AssertSameIoc(Ioc expected, Ioc actual)
    {
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.FirstSeen, actual.FirstSeen);
        Assert.Equal(expected.LastSeen, actual.LastSeen);
        Assert.Equal(expected.Sightings, actual.Sightings);
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.FindingIds, actual.FindingIds);
        Assert.Equal(expected.Accounts, actual.Accounts);
        Assert.Equal(expected.Regions, actual.Regions);
        Assert.Equal(expected.Confidence, actual.Confidence);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.Description, actual.Description);
    }
}
