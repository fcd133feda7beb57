namespace CloudSniper.Bench;

/// <summary>
/// An end-to-end benchmark over a large generated input (throughput and peak memory of a whole run), for
/// paths where a micro-benchmark would hide the I/O and allocation behaviour that matters.
/// </summary>
public interface IMacroBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Description { get; }

    /// <summary>Runs with the remaining arguments and prints its figures to stdout; returns the exit code.</summary>
    Task<int> RunAsync(string[] args);
}
