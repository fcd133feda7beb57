namespace CloudSniper.Cli.Hosting;

/// <summary>AWS cannot be reached as configured (no credentials, for example): one line on stderr, exit code 4.</summary>
public sealed class AwsSetupException(string message) : Exception(message);
