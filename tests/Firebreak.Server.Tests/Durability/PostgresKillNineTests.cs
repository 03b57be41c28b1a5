using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Durability;

public sealed class PostgresKillNineTests(PostgresFixture postgres) : KillNineDurability
{
    private protected override async Task<Dictionary<string, string>> StorageSettingsAsync() => new()
    {
        ["Firebreak:Storage:Provider"] = "postgres",
        ["Firebreak:Storage:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken),
    };
}
