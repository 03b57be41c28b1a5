using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Similarity;

/// <summary>The similar-case search contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresSimilarityStoreTests(PostgresFixture postgres) : SimilarityStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
