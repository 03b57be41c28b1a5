using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>The playbook execution contract against a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgresPlaybookStoreTests(PostgresFixture postgres) : PlaybookStoreContract
{
    private protected override async Task<Database> CreateDatabaseAsync() =>
        new PostgresDatabase(await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
}
