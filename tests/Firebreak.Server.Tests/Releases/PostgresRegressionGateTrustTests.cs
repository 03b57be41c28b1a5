using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Releases;

public sealed class PostgresRegressionGateTrustTests(PostgresFixture postgres) : RegressionGateTrust
{
    private protected override async Task<Dictionary<string, string>> StorageSettingsAsync() => new()
    {
        ["Firebreak:Storage:Provider"] = "postgres",
        ["Firebreak:Storage:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken),
    };
}
