using Amazon.S3;
using CloudSniper.Aws.Sources;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// Turns <c>s3://bucket/prefix</c> arguments of <c>sniper runbook</c> into S3 sources over one S3 client (created on
/// first use, configured by <see cref="AwsClients"/>); other arguments stay paths.
/// </summary>
internal sealed class S3Sources(CliEnvironment env) : IDisposable
{
    private AmazonS3Client? _client;

    /// <summary>The plain paths and the S3 sources among <paramref name="arguments"/>.</summary>
    public (IReadOnlyList<string> Paths, IReadOnlyList<IInputSource> Sources) Split(IReadOnlyList<string> arguments)
    {
        var paths = new List<string>();
        var sources = new List<IInputSource>();
        foreach (var argument in arguments)
        {
            if (!argument.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                paths.Add(argument);
                continue;
            }

            if (!S3Prefix.TryParse(argument, out var location))
            {
                throw new UsageException($"not an S3 location: {argument} (use s3://bucket/prefix)");
            }

            sources.Add(new NamedSource(new S3InputSource(Client(), location), location.ToString()));
        }

        return (paths, sources);
    }

    public void Dispose() => _client?.Dispose();

    private AmazonS3Client Client() => _client ??= AwsClients.S3(env);

    /// <summary>A source that prints as its S3 location in the report's inputs.</summary>
    private sealed class NamedSource(IInputSource inner, string name) : IInputSource
    {
        public IAsyncEnumerable<InputDocument> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);

        public override string ToString() => name;
    }
}
