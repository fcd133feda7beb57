using System.Collections.Immutable;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Tests.Response;

public class ResponseEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ResponseEngine Engine(ResponseOptions? options = null, string? yaml = null)
    {
        var playbook = yaml is null ? DefaultPlaybook.Load(ActionRegistry.Default) : new PlaybookLoader(ActionRegistry.Default).Load(yaml, "test.yaml").Playbook!;
        options ??= new ResponseOptions();
        return new ResponseEngine([playbook], ActionRegistry.Default, new ResponseGuards(AwsIpRanges.LoadBundled(), [], options.MinSeverity), options);
    }

    private static PlanningInput Input(ResponseMode mode = ResponseMode.Plan) => new("plan-1", Now, mode);

    /// <summary>A public address outside every special, documentation and AWS range used here.</summary>
    private static string Attacker(int i) => $"45.{155 + (i / 65536)}.{(i / 256) % 256}.{i % 256}";

    [Fact]
    public void Plan_GivenBurstOfPortProbesAgainstOneInstance_MergesIntoOneTargetPerSetAndAcl()
    {
        var findings = Enumerable.Range(0, 1000).Select(i => Findings.PortProbe("f" + i, Attacker(i))).ToList();
        var plan = Engine().Plan(findings, Input());

        var waf = Assert.Single(plan.Actions, a => a.ActionKey == BlockIpInWaf.ActionKey);
        Assert.Equal(1000, waf.Blocks.Length);
        Assert.Equal(1000, waf.FindingIds.Length);
        Assert.Equal("REGIONAL", waf.Get("scope"));
        Assert.Equal("cloudsniper-blocked-ipv4", waf.Get("set"));
        Assert.Equal(Findings.Region, waf.Region);
        var acl = Assert.Single(plan.Actions, a => a.ActionKey == BlockIpInNetworkAcl.ActionKey);
        Assert.Equal(1000, acl.Blocks.Length);
        Assert.Single(plan.Actions, a => a.ActionKey == TagResources.ActionKey);
        Assert.Equal(1000, plan.MatchedCount);
    }

    [Fact]
    public void Plan_GivenMultiAddressProbe_BlocksEveryAddressNotOnlyTheFirst()
    {
        var plan = Engine().Plan([Findings.PortProbe("f1", "45.155.0.1", "45.155.0.2", "2a0b:4140:1::1", "45.155.0.1")], Input());
        var v4 = plan.Actions.Single(a => a.TargetKey.Contains("|ipv4|", StringComparison.Ordinal));
        Assert.Equal(["45.155.0.1/32", "45.155.0.2/32"], v4.Blocks.Select(b => b.Address));
        var v6 = plan.Actions.Single(a => a.TargetKey.Contains("|ipv6|", StringComparison.Ordinal));
        Assert.Equal("cloudsniper-blocked-ipv6", v6.Get("set"));
        Assert.Equal("2a0b:4140:1::1/128", Assert.Single(v6.Blocks).Address);
        Assert.Equal(3, plan.Actions.Single(a => a.ActionKey == "nacl-block").Blocks.Length);
    }

    [Fact]
    public void Plan_GivenGuardedAddresses_SkipsThemWithTheGuardsReason()
    {
        var plan = Engine().Plan([Findings.PortProbe("f1", "10.0.0.7", "54.230.1.1", "45.155.0.9")], Input());
        var waf = plan.Actions.Single(a => a.ActionKey == "waf-block");
        Assert.Equal("45.155.0.9/32", Assert.Single(waf.Blocks).Address);
        Assert.Contains(plan.Skipped, s => s.Subject == "10.0.0.7/32" && s.Guard == GuardKeys.SpecialRange && s.ActionKey == "waf-block");
        Assert.Contains(plan.Skipped, s => s.Subject == "54.230.1.1/32" && s.Guard == GuardKeys.AwsServiceRange);
    }

    [Fact]
    public void Plan_GivenOwnAddress_NeverBlocksIt()
    {
        var input = Input() with { OwnNetworks = new Dictionary<string, OwnNetworks> { [PlanningInput.OwnKey(Findings.Account, Findings.Region)] = OwnNetworks.Create([(IpNetwork.Parse("45.155.0.0/24"), "eipalloc-9")]) } };
        var plan = Engine().Plan([Findings.PortProbe("f1", "45.155.0.9")], input);
        Assert.DoesNotContain(plan.Actions, a => a.Blocks.Length > 0);
        Assert.Contains(plan.Skipped, s => s.Guard == GuardKeys.OwnAddress);
    }

    [Fact]
    public void Plan_GivenSampleFinding_MatchesButNeverActs()
    {
        var plan = Engine().Plan([Findings.PortProbe("f1", "45.155.0.9") with { IsSample = true }], Input());
        Assert.Empty(plan.Actions);
        Assert.Contains(plan.Skipped, s => s.Guard == GuardKeys.SampleFinding && s.ActionKey == "*");
        Assert.Equal(1, plan.MatchedCount);
    }

    [Fact]
    public void Plan_GivenFindingWithoutInstance_SkipsInstanceActionsAndRunsTheOthers()
    {
        var finding = Findings.PortProbe("f1", "45.155.0.9") with { Instances = [] };
        var plan = Engine().Plan([finding], Input());
        Assert.Single(plan.Actions, a => a.ActionKey == "waf-block");
        Assert.DoesNotContain(plan.Actions, a => a.ActionKey is "nacl-block" or "tag");
        Assert.Contains(plan.Skipped, s => s.ActionKey == "nacl-block" && s.Reason.Contains("no instance", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GivenHighSeverityCommandAndControl_BlocksOutboundSnapshotsAndIsolates()
    {
        var finding = Findings.Typed("f1", "Backdoor:EC2/C&CActivity.B", 8, Findings.Out("45.155.0.66"), new RemoteIp("45.155.0.99", NetworkDirection.Inbound, ActionKind.NetworkConnection));
        var plan = Engine().Plan([finding], Input());
        var keys = plan.Actions.Select(a => a.ActionKey).ToList();
        Assert.Contains("isolate", keys);
        Assert.Contains("snapshot", keys);
        Assert.Equal("45.155.0.66/32", Assert.Single(plan.Actions.Single(a => a.ActionKey == "nacl-block").Blocks).Address);
        Assert.Equal(["playbook-default/command-and-control-or-malicious-outbound", "playbook-default/isolate-high-severity-compromise"], plan.Matches["f1"].Select(m => "playbook-" + m));
    }

    [Fact]
    public void Plan_GivenMediumSeverityCommandAndControl_DoesNotIsolate()
    {
        var plan = Engine().Plan([Findings.Typed("f1", "Backdoor:EC2/C&CActivity.B", 5, Findings.Out("45.155.0.66"))], Input());
        Assert.DoesNotContain(plan.Actions, a => a.ActionKey == "isolate");
    }

    [Fact]
    public void Plan_GivenLeakedKeys_DeactivatesUserKeyRevokesRoleAndNeverTouchesRoot()
    {
        var engine = Engine();
        var user = engine.Plan([Findings.Credentials("f1", "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom", new AccessKeyInfo("AKIAEXAMPLE", "AIDA1", "alice", "IAMUser"), "45.155.0.5")], Input());
        var deactivate = Assert.Single(user.Actions, a => a.ActionKey == "deactivate-access-key");
        Assert.Equal("alice", deactivate.Get("user"));
        Assert.Single(user.Actions, a => a.ActionKey == "waf-block");

        var role = engine.Plan([Findings.Credentials("f2", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", new AccessKeyInfo("ASIAEXAMPLE", "AROA1:i-1", "web-role", "AssumedRole"), "45.155.0.6")], Input());
        var revoke = Assert.Single(role.Actions, a => a.ActionKey == "revoke-role-sessions");
        Assert.Equal("web-role", revoke.Get("role"));
        Assert.Equal("2026-11-23T12:00:00Z", revoke.Get("issued-before"));

        var root = engine.Plan([Findings.Credentials("f3", "UnauthorizedAccess:IAMUser/MaliciousIPCaller", new AccessKeyInfo("AKIAROOT", "123456789012", "Root", "Root"), "45.155.0.7")], Input());
        Assert.DoesNotContain(root.Actions, a => a.ActionKey is "deactivate-access-key" or "revoke-role-sessions");
        Assert.Contains(root.Skipped, s => s.Reason.Contains("root credentials are never changed", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GivenRepeatOffender_DoublesTheTimeToLive()
    {
        var history = new BlockHistory(new Dictionary<string, AddressHistory> { ["45.155.0.9/32"] = new(2, null), ["45.155.0.10/32"] = new(1, Now.AddHours(3)) }, 0);
        var plan = Engine().Plan([Findings.PortProbe("f1", "45.155.0.9", "45.155.0.10", "45.155.0.11")], Input() with { History = history });
        var blocks = plan.Actions.Single(a => a.ActionKey == "waf-block").Blocks.ToDictionary(b => b.Address);
        Assert.Equal(TimeSpan.FromHours(96), blocks["45.155.0.9/32"].Ttl);
        Assert.Equal(3, blocks["45.155.0.9/32"].Offence);
        Assert.Equal(TimeSpan.FromHours(48), blocks["45.155.0.10/32"].Ttl);
        Assert.Equal(TimeSpan.FromHours(24), blocks["45.155.0.11/32"].Ttl);
        Assert.Equal(Now.AddHours(24), blocks["45.155.0.11/32"].ExpiresAt);
    }

    [Fact]
    public void Plan_GivenBlastRadiusCap_StopsBlockingAndAddsANotice()
    {
        var engine = Engine(new ResponseOptions { MaxBlocksPerHour = 10 });
        var history = new BlockHistory(new Dictionary<string, AddressHistory> { [Attacker(0) + "/32"] = new(0, Now.AddHours(1)) }, 7);
        var findings = Enumerable.Range(0, 20).Select(i => Findings.PortProbe("f" + i, Attacker(i))).ToList();
        var plan = engine.Plan(findings, Input() with { History = history });

        // 7 blocked in the last hour + 3 new = 10; the already-active address costs nothing.
        var waf = plan.Actions.Single(a => a.ActionKey == "waf-block");
        Assert.Equal(4, waf.Blocks.Length);
        Assert.Equal(waf.Blocks.Select(b => b.Address), plan.Actions.Single(a => a.ActionKey == "nacl-block").Blocks.Select(b => b.Address));
        Assert.Contains(plan.Skipped, s => s.Guard == GuardKeys.BlastRadius);
        Assert.Contains("blast-radius cap reached", Assert.Single(plan.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_GivenApprovalRequiredInEnforceMode_MarksActionAwaitingApproval()
    {
        var engine = Engine(new ResponseOptions { RequireApproval = ["nacl-block"] });
        var plan = engine.Plan([Findings.PortProbe("f1", "45.155.0.9")], Input(ResponseMode.Enforce));
        Assert.Equal(ActionStatus.AwaitingApproval, plan.Actions.Single(a => a.ActionKey == "nacl-block").Status);
        Assert.Equal(ActionStatus.Planned, plan.Actions.Single(a => a.ActionKey == "waf-block").Status);
    }

    [Fact]
    public void Plan_GivenCloudFrontScope_AddsUsEast1Target()
    {
        var plan = Engine(new ResponseOptions { WafCloudFront = true }).Plan([Findings.PortProbe("f1", "45.155.0.9")], Input());
        var cf = plan.Actions.Single(a => a.Get("scope") == "CLOUDFRONT");
        Assert.Equal("us-east-1", cf.Region);
        Assert.Single(plan.Actions, a => a.Get("scope") == "REGIONAL");
    }

    [Fact]
    public void Plan_GivenConditionsOnTagsAccountRegionAndSource_MatchesOnlyWhenAllHold()
    {
        const string yaml = """
            name: t
            rules:
              - name: prod-only
                when:
                  tags: { env: prod }
                  account: "123456789012"
                  region: eu-west-1
                  source: guardduty
                  resource: Instance
                do: [ tag ]
            """;
        var engine = Engine(yaml: yaml);
        var prod = Findings.PortProbe("f1", "45.155.0.9") with { Instances = [Findings.Instance(tags: ImmutableDictionary<string, string>.Empty.Add("env", "prod"))] };
        Assert.Single(engine.Match(prod));
        Assert.Empty(engine.Match(prod with { Instances = [Findings.Instance()] }));
        Assert.Empty(engine.Match(prod with { Region = "us-east-1" }));
        Assert.Empty(engine.Match(prod with { AccountId = "210987654321" }));
        Assert.Empty(engine.Match(prod with { Source = FindingSource.SecurityHub }));
        Assert.Empty(engine.Match(prod with { ResourceType = "AccessKey" }));
    }

    [Fact]
    public void Plan_GivenStopRule_IgnoresLaterRules()
    {
        const string yaml = """
            name: t
            rules:
              - name: first
                when: { type: "Recon:*" }
                do: [ tag ]
                stop: true
              - name: second
                do: [ snapshot ]
            """;
        var plan = Engine(yaml: yaml).Plan([Findings.PortProbe("f1", "45.155.0.9")], Input());
        Assert.Equal(["t/first"], plan.Matches["f1"]);
        Assert.DoesNotContain(plan.Actions, a => a.ActionKey == "snapshot");
    }

    [Fact]
    public void Plan_IsDeterministic_ActionIdsDependOnPlanAndTarget()
    {
        var findings = new[] { Findings.PortProbe("f1", "45.155.0.9") };
        var a = Engine().Plan(findings, Input());
        var b = Engine().Plan(findings, Input());
        Assert.Equal(a.Actions.Select(x => x.Id), b.Actions.Select(x => x.Id));
        Assert.All(a.Actions, x => Assert.Matches("^act-[0-9a-f]{12}$", x.Id));
        Assert.Equal(a.Actions.Length, a.Actions.Select(x => x.Id).Distinct().Count());
    }

    [Fact]
    public void Plan_GivenRecordDecisions_ExplainsEveryAddress()
    {
        var plan = Engine().Plan([Findings.PortProbe("f1", "10.0.0.7", "45.155.0.9")], Input() with { RecordDecisions = true });
        Assert.Contains(plan.Decisions, d => d.Subject == "10.0.0.7/32" && !d.Allowed);
        Assert.Contains(plan.Decisions, d => d.Subject == "45.155.0.9/32" && d.Allowed);
    }
}
