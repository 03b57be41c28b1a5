using Firebreak.Server.Tests.Infrastructure;
using Npgsql;

namespace Firebreak.Server.Tests.Registry;

public sealed class PostgresRegistrySecretsTests(PostgresFixture postgres) : RegistrySecretsContract
{
    private string? _connectionString;

    private protected override async Task<Dictionary<string, string>> StorageSettingsAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new()
        {
            ["Firebreak:Storage:Provider"] = "postgres",
            ["Firebreak:Storage:ConnectionString"] = _connectionString,
        };
    }

    private protected override async Task<string> StoredDefinitionAsync(string agentId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT definition FROM agents WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", agentId);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
