namespace CloudSniper.Cli.Hosting;

/// <summary>A usage or configuration error: the message is shown as is and the exit code is 2.</summary>
public sealed class UsageException(string message) : Exception(message);
