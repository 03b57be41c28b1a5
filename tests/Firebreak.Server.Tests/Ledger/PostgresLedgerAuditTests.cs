using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>The ledger audit contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresLedgerAuditTests(PostgresFixture postgres) : LedgerAuditContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
