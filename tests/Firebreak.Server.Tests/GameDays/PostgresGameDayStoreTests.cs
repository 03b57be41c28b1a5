using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.GameDays;

/// <summary>The drill-record contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresGameDayStoreTests(PostgresFixture postgres) : GameDayStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
