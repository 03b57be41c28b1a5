using Microsoft.Data.Sqlite;

namespace Firebreak.Server.Tests.Registry;

public sealed class SqliteRegistrySecretsTests : RegistrySecretsContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private protected override Task<Dictionary<string, string>> StorageSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string>
        {
            ["Firebreak:Storage:Provider"] = "sqlite",
            ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
        });

    private protected override async Task<string> StoredDefinitionAsync(string agentId)
    {
        await using var connection = new SqliteConnection($"Data Source={_directory.File("firebreak.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT definition FROM agents WHERE id = $id";
        command.Parameters.AddWithValue("$id", agentId);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
