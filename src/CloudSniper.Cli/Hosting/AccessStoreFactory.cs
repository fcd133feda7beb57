using CloudSniper.Aws.DynamoDb;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Hosting;

/// <summary>Opens the API key and feed-signature store beside the knowledge base: the same SQLite file or DynamoDB table.</summary>
public static class AccessStoreFactory
{
    /// <summary>Opens and initialises the access store for the knowledge base at <paramref name="uri"/>.</summary>
    public static async Task<(Core.Access.IApiKeyStore Keys, Core.Access.IReplayGuard Replay)> OpenAsync(string uri, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (uri.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            // Region, credentials and endpoint come from the standard AWS settings, as for the knowledge base.
            var dynamo = new DynamoDbAccessStore(AwsClients.DynamoDb(env), uri["dynamodb:".Length..], env.Time);
            await dynamo.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return (dynamo, dynamo);
        }

        var path = uri.StartsWith("sqlite:", StringComparison.Ordinal) ? uri["sqlite:".Length..] : uri;
        if (path.Length == 0)
        {
            throw new UsageException("--store sqlite: needs a path, e.g. sqlite:./sniper.db");
        }

        path = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sqlite = new SqliteAccessStore(path, env.Time);
        await sqlite.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return (sqlite, sqlite);
    }
}
