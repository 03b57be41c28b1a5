using System.Data.Common;
using Npgsql;

namespace Firebreak.Server.Storage;

/// <summary>PostgreSQL, shared by several Firebreak nodes: the ledger head row lock orders their appends into one chain.</summary>
internal sealed class PostgresDatabase : Database, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Provider => "postgres";

    public override string SelectLedgerHeadForUpdateSql => "SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE";

    // LATERAL keeps one index probe per key: a join lets the planner hash the whole actions table against the key list.
    public override string SelectTakenActionKeysSql =>
        "SELECT a.agent_id, a.idempotency_key FROM jsonb_array_elements(CAST(@keys AS jsonb)) AS k (pair) " +
        "CROSS JOIN LATERAL (SELECT agent_id, idempotency_key FROM actions WHERE agent_id = k.pair ->> 0 AND idempotency_key = k.pair ->> 1) AS a";

    public override string MigrationLockSql => "SELECT pg_advisory_xact_lock(7428310045)";

    /// <summary>The channel that carries control epochs between nodes.</summary>
    public const string ControlChannel = "firebreak_control";

    // pg_notify inside the writer's transaction is delivered only when it commits, so no node reloads a change that rolled back.
    public override string NotifyControlChangeSql => $"SELECT pg_notify('{ControlChannel}', @epoch)";

    /// <summary>The channel that carries released held item ids between nodes.</summary>
    public const string HeldChannel = "firebreak_held";

    public override string NotifyHeldReleasedSql => $"SELECT pg_notify('{HeldChannel}', @id)";

    /// <summary>The channel that tells every node to drop its cached API key lookups: a key was revoked.</summary>
    public const string KeysChannel = "firebreak_keys";

    public override string NotifyKeyRevokedSql => $"SELECT pg_notify('{KeysChannel}', @id)";

    public NpgsqlDataSource DataSource => _dataSource;

    public override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
