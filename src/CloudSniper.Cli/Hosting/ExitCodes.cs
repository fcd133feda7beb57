namespace CloudSniper.Cli.Hosting;

/// <summary>The process exit codes every verb uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Unhandled failure.</summary>
    public const int Failure = 1;

    /// <summary>Usage or configuration error.</summary>
    public const int Usage = 2;

    /// <summary>Some input was rejected; the rest was processed.</summary>
    public const int InputRejected = 3;

    /// <summary>An AWS call or permission failed.</summary>
    public const int Aws = 4;

    /// <summary><c>runbook --fail-on</c>: a check at or above the given severity failed; distinct from 1 (a crash) and 3 (rejected input) so CI can tell a posture failure from a broken run.</summary>
    public const int ChecksFailed = 5;
}
