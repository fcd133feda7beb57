namespace CloudSniper.Core.Jobs;

/// <summary>Where one run (one lease) of a job stands.</summary>
public enum JobRunState
{
    /// <summary>An instance holds the lease and heartbeats it; past its expiry it is reported as <see cref="Abandoned"/>.</summary>
    Running,

    /// <summary>Completed without error; final.</summary>
    Succeeded,

    /// <summary>Completed with an error; final (the next occurrence is the retry).</summary>
    Failed,

    /// <summary>The holder released the lease on shutdown or stopped heartbeating; another instance may take it over.</summary>
    Abandoned,
}
