using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Bench.Response;

/// <summary>
/// The response engine end to end: parse + match + guard + plan throughput over generated GuardDuty findings
/// (batches of 1,000 as the ingest pipeline delivers them), and the number of <c>UpdateIPSet</c> calls a burst of
/// 1,000 port-probe findings against one IP set costs through the real WAF executor.
/// </summary>
public sealed class ResponseBenchmark : IMacroBenchmark
{
    /// <inheritdoc />
    public string Name => "response";

    /// <inheritdoc />
    public string Description => "plan N GuardDuty findings (default 100000) through the default playbook, then a 1,000-probe burst through the WAF executor";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var path = Path.Combine(Path.GetTempPath(), $"cloudsniper-response-bench-{Environment.ProcessId}.jsonl");
        try
        {
            var bytes = Ingest.GuardDutyFindingGenerator.Write(path, count);
            var options = new ResponseOptions { MaxBlocksPerHour = int.MaxValue };
            var guards = new ResponseGuards(AwsIpRanges.LoadBundled(), [IpNetwork.Parse("81.2.69.0/24")], 0);
            var engine = new ResponseEngine([DefaultPlaybook.Load(ActionRegistry.Default)], ActionRegistry.Default, guards, options);
            var own = new Dictionary<string, OwnNetworks>
            {
                [PlanningInput.OwnKey("123456789012", "eu-west-1")] = OwnNetworks.Create([(IpNetwork.Parse("10.0.0.0/16"), "vpc"), (IpNetwork.Parse("54.1.2.3/32"), "eip")]),
            };

            // Warm-up over the whole input: tiered JIT promotes the hot paths only after they ran for a while, and on a
            // loaded machine the background recompilation lags; the figures below are for the steady state.
            Plan(engine, path, own, int.MaxValue, out _, out _);
            GC.Collect();
            PlanAllocated = 0;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var (findings, actions) = Plan(engine, path, own, int.MaxValue, out var parsed, out var planOnly);
            watch.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var mb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / 1024.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"response engine: {findings:N0} findings ({bytes / 1024.0 / 1024.0:F1} MiB) parsed, matched, guarded and planned in {watch.Elapsed.TotalSeconds:F2} s = {findings / watch.Elapsed.TotalSeconds:N0} findings/s; {actions:N0} planned actions; {mb:F0} MiB allocated"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which parse {parsed.TotalSeconds:F2} s, match+guard+plan {planOnly.TotalSeconds:F2} s = {findings / planOnly.TotalSeconds:N0} findings/s, {PlanAllocated / (double)findings:N0} bytes allocated per finding by the planner"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  process CPU time {cpu.TotalSeconds:F2} s = {findings / cpu.TotalSeconds:N0} findings per CPU-second (single-threaded pipeline; wall time depends on the load of the shared machine)"));

            await BurstAsync(engine, own, batchSize: 1000).ConfigureAwait(false);
            await BurstAsync(engine, own, batchSize: 100).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long PlanAllocated { get; set; }

    private static (int Findings, int Actions) Plan(ResponseEngine engine, string path, Dictionary<string, OwnNetworks> own, int limit, out TimeSpan parse, out TimeSpan plan)
    {
        var findings = 0;
        var actions = 0;
        var batch = new List<Finding>(1000);
        var planWatch = new Stopwatch();
        var total = Stopwatch.StartNew();
        using var stream = File.OpenRead(path);
        foreach (var record in DocumentReader.Read(stream, path, null, CancellationToken.None))
        {
            if (record.Finding is null)
            {
                continue;
            }

            batch.Add(record.Finding);
            if (batch.Count == 1000)
            {
                actions += PlanBatch();
            }

            if (++findings >= limit)
            {
                break;
            }
        }

        if (batch.Count > 0)
        {
            actions += PlanBatch();
        }

        total.Stop();
        parse = total.Elapsed - planWatch.Elapsed;
        plan = planWatch.Elapsed;
        return (findings, actions);

        int PlanBatch()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            planWatch.Start();
            var result = engine.Plan(batch, new PlanningInput("bench", DateTimeOffset.UtcNow, ResponseMode.Enforce) { OwnNetworks = own });
            planWatch.Stop();
            PlanAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
            batch.Clear();
            return result.Actions.Length;
        }
    }

    private static async Task BurstAsync(ResponseEngine engine, Dictionary<string, OwnNetworks> own, int batchSize)
    {
        var instance = new InstanceInfo("i-0burst000000000000", null, null, "eu-west-1a", "running", [new NetworkInterfaceInfo("eni-0burst", "subnet-0burst", "vpc-0burst", "10.0.0.5", null, [], [])], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty);
        var probes = Enumerable.Range(0, 1000).Select(i => new Finding
        {
            Id = "probe-" + i,
            Source = FindingSource.GuardDuty,
            Type = FindingType.Parse("Recon:EC2/PortProbeUnprotectedPort"),
            Severity = 2,
            AccountId = "123456789012",
            Region = "eu-west-1",
            ResourceType = "Instance",
            Instances = [instance],
            RemoteIps = [new RemoteIp($"45.33.{i / 250}.{1 + (i % 250)}", NetworkDirection.Inbound, ActionKind.PortProbe, LocalPort: 22)],
        }).ToList();

        using var waf = new InMemoryWafHandler();
        using var clients = new AwsClientFactory(new AwsClientOptions { Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"), SignedHandler = waf, Environment = _ => null });
        var executor = new WafBlockExecutor(clients);
        var store = new InMemoryResponseStore();
        var context = new Core.Response.Execution.ActionExecutionContext { Store = store, Options = engine.Options, Time = TimeProvider.System };
        var wafActions = 0;
        var naclActions = 0;
        foreach (var chunk in probes.Chunk(batchSize))
        {
            var plan = engine.Plan(chunk, new PlanningInput("burst", DateTimeOffset.UtcNow, ResponseMode.Enforce) { OwnNetworks = own });
            naclActions += plan.Actions.Count(a => a.ActionKey == "nacl-block");
            foreach (var action in plan.Actions.Where(a => a.ActionKey == "waf-block"))
            {
                wafActions++;
                await executor.ExecuteAsync(action, context, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var blocks = (await store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.Waf)).ConfigureAwait(false)).Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst of 1,000 port probes in batches of {batchSize}: {wafActions} waf-block action(s), {naclActions} nacl-block action(s); WAF calls: UpdateIPSet {waf.Calls.GetValueOrDefault("UpdateIPSet")}, GetIPSet {waf.Calls.GetValueOrDefault("GetIPSet")}, ListIPSets {waf.Calls.GetValueOrDefault("ListIPSets")}, CreateIPSet {waf.Calls.GetValueOrDefault("CreateIPSet")}; {blocks} addresses blocked"));
    }
}
