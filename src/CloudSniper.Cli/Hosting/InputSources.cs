using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.SQS;
using CloudSniper.Aws.Sources;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;

namespace CloudSniper.Cli.Hosting;

/// <summary>Turns input arguments (paths, globs, <c>-</c>, <c>s3://</c>, <c>sqs://</c>) into one stream of documents.</summary>
public sealed class InputSources : IAsyncDisposable
{
    private readonly List<IInputSource> _sources = [];

    /// <summary>SQS sources, for their counters.</summary>
    public IReadOnlyList<SqsInputSource> Queues => _sources.OfType<SqsInputSource>().ToList();

    /// <summary>Resolves every argument; a malformed URI is a usage error.</summary>
    public static InputSources Resolve(IEnumerable<string> arguments, CliEnvironment env, SniperConfig config, bool follow)
    {
        var list = arguments.ToList();
        LocalInputs.RequireMatches(list, env.CurrentDirectory);
        var result = new InputSources();
        foreach (var argument in list)
        {
            if (argument.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                if (!S3Prefix.TryParse(argument, out var location))
                {
                    throw new UsageException($"'{argument}' is not a valid s3://bucket/prefix");
                }

                result._sources.Add(new S3InputSource(AwsClients.S3(env), location));
            }
            else if (argument.StartsWith("sqs://", StringComparison.OrdinalIgnoreCase))
            {
                var queue = argument["sqs://".Length..];
                if (queue.Length == 0)
                {
                    throw new UsageException("sqs:// needs a queue name or URL, e.g. sqs://guardduty-findings");
                }

                var options = new SqsSourceOptions
                {
                    Follow = follow,
                    MaxReceives = config.Sqs.MaxReceives,
                    VisibilityTimeoutSeconds = config.Sqs.VisibilityTimeoutSeconds,
                    WaitTimeSeconds = config.Sqs.WaitTimeSeconds,
                    QuarantineDirectory = config.Sqs.QuarantineDirectory ?? Path.Combine(env.DataDirectory, "quarantine"),
                };
                result._sources.Add(new SqsInputSource(AwsClients.Sqs(env), queue, options, m => env.Error.WriteLine(m), m => env.Notes.WriteLine(m)));
            }
            else
            {
                result._sources.Add(new FileInputSource(argument, env.CurrentDirectory, env.OpenStdin));
            }
        }

        return result;
    }

    /// <summary>Every document of every source, in argument order.</summary>
    public async IAsyncEnumerable<InputDocument> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
        {
            await foreach (var document in source.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return document;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.OfType<IAsyncDisposable>())
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
