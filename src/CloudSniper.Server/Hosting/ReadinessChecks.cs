namespace CloudSniper.Server.Hosting;

/// <summary>What <c>/readyz</c> checks: named probes (the store, each queue), each throwing when its dependency is unreachable.</summary>
public sealed class ReadinessChecks
{
    private readonly List<(string Name, Func<CancellationToken, Task> Probe)> _probes = [];

    /// <summary>Adds a probe.</summary>
    public void Add(string name, Func<CancellationToken, Task> probe) => _probes.Add((name, probe));

    /// <summary>Runs every probe; returns the name and error of each failing one.</summary>
    public async Task<IReadOnlyList<(string Name, string Error)>> RunAsync(CancellationToken cancellationToken)
    {
        var failures = new List<(string, string)>();
        foreach (var (name, probe) in _probes)
        {
            try
            {
                await probe(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add((name, ex.Message));
            }
        }

        return failures;
    }
}
