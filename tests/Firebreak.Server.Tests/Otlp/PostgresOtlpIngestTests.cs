using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Otlp;

public sealed class PostgresOtlpIngestTests(PostgresOtlpIngestTests.Server server) : OtlpIngestTests(server), IClassFixture<PostgresOtlpIngestTests.Server>
{
    public sealed class Server(PostgresFixture postgres) : OtlpServerFixture
    {
        private protected override async Task<Dictionary<string, string>> StorageSettingsAsync() => new()
        {
            ["Firebreak:Storage:Provider"] = "postgres",
            ["Firebreak:Storage:ConnectionString"] = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken),
        };
    }
}
