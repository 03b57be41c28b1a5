using System.Data.Common;
using Firebreak.Ledger;

namespace Firebreak.Server.Storage;

/// <summary>
/// What a queued write sees: the writer's connection and open transaction, the batch's timestamp, and the
/// ledger chain head, which it extends entry by entry. Commands are cached per SQL text so SQLite reuses
/// its prepared statements across batches.
/// </summary>
internal sealed class WriteContext(DbConnection connection, Database database) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;
    private long _headSeq;
    private string _headHash = LedgerChain.Genesis;
    private bool _headChanged;

    public DbConnection Connection => connection;

    public Database Database => database;

    public DateTimeOffset Now { get; private set; }

    public long NowMs => Now.ToUnixTimeMilliseconds();

    public void Begin(DbTransaction transaction, DateTimeOffset now)
    {
        _transaction = transaction;
        Now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        _headChanged = false;
        using var reader = Command(database.SelectLedgerHeadForUpdateSql).ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("The ledger head row is missing; the schema was not migrated.");
        }

        _headSeq = reader.GetInt64(0);
        _headHash = reader.GetString(1);
    }

    /// <summary>Appends one hash-chained entry and returns it.</summary>
    public LedgerEntry Append(string kind, string? runId, string? agentId, string payload)
    {
        var seq = _headSeq + 1;
        var hash = LedgerChain.ComputeHash(_headHash, seq, kind, runId, agentId, NowMs, payload);
        Execute(
            "INSERT INTO ledger_entries (seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash) VALUES (@seq, @kind, @run, @agent, @at, @payload, @prev, @hash)",
            ("seq", seq), ("kind", kind), ("run", runId), ("agent", agentId), ("at", NowMs), ("payload", payload), ("prev", _headHash), ("hash", hash));
        var entry = new LedgerEntry(seq, kind, runId, agentId, NowMs, payload, _headHash, hash);
        _headSeq = seq;
        _headHash = hash;
        _headChanged = true;
        return entry;
    }

    public (long Seq, string Hash) Head => (_headSeq, _headHash);

    public void FlushHead()
    {
        if (_headChanged)
        {
            Execute("UPDATE ledger_head SET seq = @seq, hash = @hash WHERE id = 1", ("seq", _headSeq), ("hash", _headHash));
        }
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Prepare(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var value = Prepare(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public DbDataReader Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Prepare(sql, parameters).ExecuteReader();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
    }

    private DbCommand Prepare(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql);
        if (command.Parameters.Count == 0)
        {
            foreach (var (name, value) in parameters)
            {
                command.AddParameter(name, value);
            }
        }
        else
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
        }

        return command;
    }

    private DbCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand(sql);
            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        return command;
    }
}
