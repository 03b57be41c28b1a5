using Firebreak.Server.Storage;

namespace Firebreak.Server.Tests.Similarity;

public sealed class SqliteSimilarityStoreTests : SimilarityStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private protected override Task<Database> CreateDatabaseAsync() =>
        Task.FromResult<Database>(new SqliteDatabase(_directory.File("firebreak.db")));
}
