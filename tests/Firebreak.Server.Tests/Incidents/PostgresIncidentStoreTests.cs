using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>The incident store contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresIncidentStoreTests(PostgresFixture postgres) : IncidentStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
