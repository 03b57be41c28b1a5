namespace Firebreak.Server.Tests.Otlp;

public sealed class SqliteOtlpIngestTests(SqliteOtlpIngestTests.Server server) : OtlpIngestTests(server), IClassFixture<SqliteOtlpIngestTests.Server>
{
    public sealed class Server : OtlpServerFixture
    {
        private readonly TempDirectory _directory = new();

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _directory.Dispose();
        }

        private protected override Task<Dictionary<string, string>> StorageSettingsAsync() =>
            Task.FromResult(new Dictionary<string, string>
            {
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
            });
    }
}
