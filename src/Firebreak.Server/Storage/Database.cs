using System.Buffers;
using System.Data.Common;
using System.Text;

namespace Firebreak.Server.Storage;

/// <summary>
/// One storage backend. Store SQL is written once in the dialect both backends share (named <c>@parameters</c>,
/// <c>ON CONFLICT</c>, <c>RETURNING</c>); only schema migrations and the few statements that differ live here.
/// </summary>
internal abstract class Database
{
    /// <summary><c>sqlite</c> or <c>postgres</c>: the folder of this backend's migration files.</summary>
    public abstract string Provider { get; }

    /// <summary>Reads the ledger head inside a write transaction, locking it where several nodes may write.</summary>
    public abstract string SelectLedgerHeadForUpdateSql { get; }

    /// <summary>
    /// Returns the <c>(agent_id, idempotency_key)</c> of the stored actions among <c>@keys</c>, a JSON array of
    /// <c>[agent, key]</c> pairs: one query for a whole batch instead of one lookup per recorded action.
    /// </summary>
    public abstract string SelectTakenActionKeysSql { get; }

    /// <summary>Serializes schema migrations between nodes that start at the same time.</summary>
    public abstract string MigrationLockSql { get; }

    /// <summary>
    /// Tells the other nodes sharing the database that the control epoch is now <c>@epoch</c>, on commit;
    /// <see langword="null"/> where only one node writes.
    /// </summary>
    public virtual string? NotifyControlChangeSql => null;

    /// <summary>
    /// Tells every node, this one included, that held item <c>@id</c> was released, on commit, so each redelivers it
    /// on its own streams; <see langword="null"/> where only one node serves streams.
    /// </summary>
    public virtual string? NotifyHeldReleasedSql => null;

    /// <summary>
    /// Tells every node, this one included, that API key <c>@id</c> was revoked, on commit, so each drops its cached
    /// lookups; <see langword="null"/> where only one node serves requests.
    /// </summary>
    public virtual string? NotifyKeyRevokedSql => null;

    public abstract DbConnection CreateConnection();

    /// <summary>Opens the connection the single writer keeps for its lifetime.</summary>
    public virtual async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Creates what sends the writer's multi-row inserts on <paramref name="connection"/>.</summary>
    public virtual RowWriter CreateRowWriter(DbConnection connection) => new(connection);

    /// <summary>Begins a read-only transaction that sees one consistent snapshot without blocking the writer.</summary>
    public virtual DbTransaction BeginSnapshot(DbConnection connection) =>
        connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);

    /// <summary>
    /// Runs <paramref name="command"/>, whose rows are two non-null text columns, and hands each row's UTF-8 bytes to
    /// <paramref name="sink"/> in order.
    /// </summary>
    public virtual async Task ReadUtf8PairsAsync(DbCommand command, IUtf8PairSink sink, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            AddEncoded(sink, reader.GetString(0), reader.GetString(1));
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static void AddEncoded(IUtf8PairSink sink, string first, string second)
    {
        const int StackBytes = 512;
        var length = Encoding.UTF8.GetMaxByteCount(first.Length + second.Length);
        var rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[StackBytes] : rented;
        var split = Encoding.UTF8.GetBytes(first, buffer);
        var end = split + Encoding.UTF8.GetBytes(second, buffer[split..]);
        sink.Add(buffer[..split], buffer[split..end]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
