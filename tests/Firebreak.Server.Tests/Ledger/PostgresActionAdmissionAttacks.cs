using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Ledger;

public sealed class PostgresActionAdmissionAttacks(PostgresFixture postgres) : ActionAdmissionAttacks
{
    private protected override async Task<Dictionary<string, string>> StorageSettingsAsync() => new()
    {
        ["Firebreak:Storage:Provider"] = "postgres",
        ["Firebreak:Storage:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken),
    };
}
