using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Detection;

/// <summary>The alert store contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresAlertStoreTests(PostgresFixture postgres) : AlertStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
