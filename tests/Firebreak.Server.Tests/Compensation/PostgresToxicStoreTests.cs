using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>The toxic-mark contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresToxicStoreTests(PostgresFixture postgres) : ToxicStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
