using Firebreak.Server.Storage;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>The ledger audit contract against a real SQLite file.</summary>
public sealed class SqliteLedgerAuditTests : LedgerAuditContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private protected override Task<Database> CreateDatabaseAsync() =>
        Task.FromResult<Database>(new SqliteDatabase(_directory.File("firebreak.db")));
}
