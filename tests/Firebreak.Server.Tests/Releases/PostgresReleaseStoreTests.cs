using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Releases;

/// <summary>The release store contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresReleaseStoreTests(PostgresFixture postgres) : ReleaseStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
