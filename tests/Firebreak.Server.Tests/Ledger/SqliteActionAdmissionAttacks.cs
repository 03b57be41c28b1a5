
namespace Firebreak.Server.Tests.Ledger;

public sealed class SqliteActionAdmissionAttacks : ActionAdmissionAttacks, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private protected override Task<Dictionary<string, string>> StorageSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string>
        {
            ["Firebreak:Storage:Provider"] = "sqlite",
            ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
        });
}
