using System.CommandLine;
using CloudSniper.Cli.Output;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Cli.Hosting;

/// <summary>
/// The response side of <c>sniper ingest --respond</c>: runs the playbooks on each batch the knowledge base has
/// committed, so a finding is answered within one batch of arriving, and totals what was planned and done.
/// </summary>
public sealed class IngestResponse : IAsyncDisposable
{
    private readonly ResponseHost _host;
    private readonly ResponseRunner _runner;
    private readonly ResponseMode _mode;
    private readonly CliEnvironment _env;
    private int _plans;
    private int _actions;
    private int _skipped;
    private int _executed;
    private int _failed;
    private readonly List<string> _planIds = [];
    private readonly List<ResponseRunResult> _results = [];

    private IngestResponse(ResponseHost host, ResponseRunner runner, ResponseMode mode, CliEnvironment env)
    {
        _host = host;
        _runner = runner;
        _mode = mode;
        _env = env;
    }

    /// <summary>True when an AWS call of the response failed (the CLI then exits 4).</summary>
    public bool AnyAwsFailure { get; private set; }

    /// <summary>Opens the playbooks and the response store; <paramref name="apply"/> forces enforce mode.</summary>
    public static async Task<IngestResponse> OpenAsync(CliEnvironment env, ParseResult parse, bool apply, CancellationToken cancellationToken)
    {
        var host = await ResponseHost.OpenAsync(env, parse, [], cancellationToken).ConfigureAwait(false);
        var mode = apply ? ResponseMode.Enforce : host.Settings.Options.Mode;
        host.NoteBundledRanges(env);

        // The own-address guard needs the account's VPCs and Elastic IPs only when something may be changed.
        var runner = (await host.ConnectAsync(env, cancellationToken, withOwnAddresses: mode == ResponseMode.Enforce).ConfigureAwait(false)).Runner;
        return new IngestResponse(host, runner, mode, env);
    }

    /// <summary>Plans (and in enforce mode executes) the response to one committed batch.</summary>
    public async Task OnBatchAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken)
    {
        var result = await _runner.OnBatchCommittedAsync(batch, _mode, cancellationToken).ConfigureAwait(false);
        _plans++;
        if (result.Plan.Actions.Length > 0)
        {
            _planIds.Add(result.Plan.Id);
        }

        if (result.Plan.Actions.Length > 0 || result.Plan.Skipped.Length > 0)
        {
            _results.Add(result);
        }

        _actions += result.Plan.Actions.Length;
        _skipped += result.Plan.Skipped.Length;
        _executed += result.Executed;
        _failed += result.Failed;
        AnyAwsFailure |= result.AnyAwsFailure;
        foreach (var notice in result.Plan.Notices)
        {
            _env.Error.WriteLine("sniper: notice: " + notice);
        }
    }

    /// <summary>The plans that hold actions or skipped work, with their outcomes, in the JSON shape of <c>sniper respond</c>.</summary>
    public IReadOnlyList<object> JsonPlans() => [.. _results.Select(r => PlanWriter.JsonView(r.Plan, r.Outcomes))];

    /// <summary>Prints every plan that holds actions or skipped work, as <c>sniper respond</c> prints its plan.</summary>
    public void PrintPlans(OutputFormat format)
    {
        foreach (var result in _results)
        {
            PlanWriter.Write(_env, format, result.Plan, result.Outcomes);
        }
    }

    /// <summary>Writes the totals of the response to stderr, and in plan mode how to apply each plan.</summary>
    public void PrintSummary()
    {
        var line = $"sniper: response ({_mode.ToString().ToLowerInvariant()} mode): {_plans} plan(s), {_actions} action(s), {_skipped} skipped by guards or preconditions";
        if (_mode == ResponseMode.Enforce)
        {
            line += $", {_executed} executed, {_failed} failed";
        }
        else if (_actions > 0)
        {
            line += $"; nothing was changed. Plans stored in {_host.StorePath}";
        }

        _env.Notes.WriteLine(line);
        if (_mode != ResponseMode.Enforce && _actions > 0)
        {
            foreach (var id in _planIds)
            {
                _env.Notes.WriteLine($"sniper: apply it with: sniper approve {id}");
            }

            _env.Notes.WriteLine("sniper: or ingest again with --respond --apply to plan and execute in one step");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
