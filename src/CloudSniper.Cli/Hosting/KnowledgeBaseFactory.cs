using System.CommandLine;
using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Hosting;

/// <summary>Opens the knowledge base named by <c>--store</c>, <c>$SNIPER_STORE</c>, the configuration, or the embedded default.</summary>
public static class KnowledgeBaseFactory
{
    /// <summary>The store URI in effect.</summary>
    public static string ResolveUri(ParseResult parse, CliEnvironment env, SniperConfig? config = null)
    {
        var uri = parse.GetValue(GlobalOptions.Store) ?? env.GetVariable("SNIPER_STORE") ?? config?.Store;
        return string.IsNullOrWhiteSpace(uri) ? "sqlite:" + Path.Combine(env.DataDirectory, "sniper.db") : uri;
    }

    /// <summary>Opens the store a verb's options and configuration name.</summary>
    public static Task<IKnowledgeBase> OpenAsync(ParseResult parse, CliEnvironment env, CancellationToken cancellationToken) =>
        OpenAsync(ResolveUri(parse, env, ConfigResolver.LoadOrThrow(parse, env)), env, cancellationToken);

    /// <summary>Opens and initialises the store at <paramref name="uri"/> (<c>sqlite:PATH</c> or <c>dynamodb:TABLE</c>).</summary>
    public static async Task<IKnowledgeBase> OpenAsync(string uri, CliEnvironment env, CancellationToken cancellationToken)
    {
        IKnowledgeBase store;
        if (uri.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = uri["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new UsageException("--store sqlite: needs a path, e.g. sqlite:./sniper.db");
            }

            path = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            store = new SqliteKnowledgeBase(path);
        }
        else if (uri.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            var table = uri["dynamodb:".Length..];
            if (table.Length is < 3 or > 255)
            {
                throw new UsageException($"--store dynamodb:TABLE needs a table name of 3 to 255 characters; got '{table}'");
            }

            // Region, credentials and endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB) come from the standard AWS settings.
            store = new DynamoDbKnowledgeBase(AwsClients.DynamoDb(env), table, env.Time);
        }
        else
        {
            throw new UsageException($"unknown store '{uri}': use sqlite:PATH or dynamodb:TABLE");
        }

        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
