using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Firebreak.Server.Storage;

/// <summary>
/// The embedded default: one file in WAL mode. Readers use pooled connections; all writes go through the single
/// writer connection, which by default commits with <c>synchronous=FULL</c> so that an acknowledged write survives a crash.
/// </summary>
internal sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    /// <param name="pathOrConnectionString">A file path or a Microsoft.Data.Sqlite connection string.</param>
    /// <param name="synchronous"><c>full</c> or <c>normal</c>; see <see cref="StorageOptions.SqliteSynchronous"/>.</param>
    public SqliteDatabase(string pathOrConnectionString, string synchronous = "full")
    {
        _synchronous = synchronous == "normal" ? "NORMAL" : "FULL";
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = builder.ConnectionString;
    }

    public override string Provider => "sqlite";

    public override string SelectLedgerHeadForUpdateSql => "SELECT seq, hash FROM ledger_head WHERE id = 1";

    // CROSS JOIN keeps the short key list as the outer loop, each key one probe of ux_actions_agent_key.
    public override string SelectTakenActionKeysSql =>
        "SELECT a.agent_id, a.idempotency_key FROM json_each(@keys) AS k CROSS JOIN actions AS a ON a.agent_id = k.value ->> 0 AND a.idempotency_key = k.value ->> 1";

    // A SQLite write transaction already excludes every other writer.
    public override string MigrationLockSql => "SELECT 1";

    // A deferred transaction takes no write lock; in WAL mode its first read fixes its snapshot.
    public override DbTransaction BeginSnapshot(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override RowWriter CreateRowWriter(DbConnection connection) => new SqliteRowWriter((SqliteConnection)connection);

    public override Task ReadUtf8PairsAsync(DbCommand command, IUtf8PairSink sink, CancellationToken cancellationToken)
    {
        SqlitePairReader.Read((SqliteCommand)command, sink, cancellationToken);
        return Task.CompletedTask;
    }

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {_synchronous}; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
