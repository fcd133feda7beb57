using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The knowledge-base contract on a fresh SQLite file per test.</summary>
public sealed class SqliteKnowledgeBaseTests : KnowledgeBaseContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sniper-kb-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    protected override IKnowledgeBase Open(TimeProvider time) => new SqliteKnowledgeBase(Path.Combine(_directory, "kb.db"), time);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
