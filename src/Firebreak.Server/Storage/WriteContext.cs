using System.Data.Common;
using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Server.Storage;

/// <summary>
/// What a queued write sees: the writer's connection and open transaction, the batch's timestamp, and the
/// ledger chain head, which it extends entry by entry. Commands are cached per SQL text so SQLite reuses
/// its prepared statements across batches.
/// </summary>
/// <remarks>
/// Ledger rows (<see cref="Append"/>, <see cref="Insert"/>) are held back and sent as multi-row statements, before the
/// next statement any write runs and at the end of the batch, so a write reads what earlier writes stored and the
/// batch costs a few statements instead of several per write (and, where the provider batches commands, one round trip).
/// </remarks>
internal sealed class WriteContext(DbConnection connection, Database database) : IDisposable
{
    private static readonly RowInsert EntryRows = new(
        "ledger_entries", "seq", "kind", "run_id", "agent_id", "recorded_at", "payload", "prev_hash", "hash");

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly RowWriter _rows = database.CreateRowWriter(connection);
    private readonly List<RowInsert> _pendingTables = [];
    private readonly Dictionary<RowInsert, List<object?>> _pendingRows = [];
    private readonly HashSet<ActionKey> _takenActionKeys = [];
    private DbTransaction? _transaction;
    private long _headSeq;
    private string _headHash = LedgerChain.Genesis;
    private bool _headChanged;

    public DbConnection Connection => connection;

    public Database Database => database;

    public DateTimeOffset Now { get; private set; }

    public long NowMs { get; private set; }

    /// <summary>
    /// Starts a batch: reads (and, on PostgreSQL, locks) the chain head, then looks up in one query which of the
    /// <paramref name="actionKeys"/> the batch's writes will record are already taken.
    /// </summary>
    public void Begin(DbTransaction transaction, DateTimeOffset now, IReadOnlyCollection<ActionKey> actionKeys)
    {
        _transaction = transaction;
        NowMs = now.ToUnixTimeMilliseconds();
        Now = DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
        _headChanged = false;
        _takenActionKeys.Clear();
        foreach (var rows in _pendingRows.Values)
        {
            rows.Clear();
        }

        _pendingTables.Clear();
        if (actionKeys.Count > 0 && connection.CanCreateBatch)
        {
            // One round trip for the head and the key lookup.
            using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            var head = batch.CreateBatchCommand();
            head.CommandText = database.SelectLedgerHeadForUpdateSql;
            batch.BatchCommands.Add(head);
            var keys = batch.CreateBatchCommand();
            keys.CommandText = database.SelectTakenActionKeysSql;
            AddParameter(keys, "keys", KeysJson(actionKeys));
            batch.BatchCommands.Add(keys);
            using var reader = batch.ExecuteReader();
            ReadHead(reader);
            reader.NextResult();
            ReadTakenKeys(reader);
            return;
        }

        using (var reader = Command(database.SelectLedgerHeadForUpdateSql).ExecuteReader())
        {
            ReadHead(reader);
        }

        if (actionKeys.Count > 0)
        {
            using var reader = Prepare(database.SelectTakenActionKeysSql, [("keys", KeysJson(actionKeys))]).ExecuteReader();
            ReadTakenKeys(reader);
        }
    }

    /// <summary>
    /// Whether an action with <paramref name="key"/> is stored or recorded earlier in this batch; when not, the key is
    /// free: no lookup is needed, and recording the action must call <see cref="TakeActionKey"/>.
    /// </summary>
    public bool IsActionKeyTaken(ActionKey key) => _takenActionKeys.Contains(key);

    /// <summary>Notes that this batch recorded an action with <paramref name="key"/>.</summary>
    public void TakeActionKey(ActionKey key) => _takenActionKeys.Add(key);

    /// <summary>Appends one hash-chained entry and returns it.</summary>
    public LedgerEntry Append(string kind, string? runId, string? agentId, string payload)
    {
        var seq = _headSeq + 1;
        var hash = LedgerChain.ComputeHash(_headHash, seq, kind, runId, agentId, NowMs, payload);
        Insert(EntryRows, seq, kind, runId, agentId, NowMs, payload, _headHash, hash);
        var entry = new LedgerEntry(seq, kind, runId, agentId, NowMs, payload, _headHash, hash);
        _headSeq = seq;
        _headHash = hash;
        _headChanged = true;
        return entry;
    }

    public (long Seq, string Hash) Head => (_headSeq, _headHash);

    /// <summary>Queues one row of <paramref name="table"/>; it is inserted before the next statement this batch runs.</summary>
    public void Insert(RowInsert table, params ReadOnlySpan<object?> values)
    {
        if (!_pendingRows.TryGetValue(table, out var rows))
        {
            rows = [];
            _pendingRows[table] = rows;
        }

        if (rows.Count == 0)
        {
            _pendingTables.Add(table);
        }

        foreach (var value in values)
        {
            rows.Add(value);
        }
    }

    /// <summary>Sends the queued rows and the new chain head; the batch then commits.</summary>
    public void Flush()
    {
        if (connection.CanCreateBatch)
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = _transaction;
            foreach (var (table, values, offset, rows) in PendingStatements())
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = table.Sql(rows);
                for (var i = 0; i < rows * table.Width; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{i}";
                    parameter.Value = values[offset + i] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            if (_headChanged)
            {
                var head = batch.CreateBatchCommand();
                head.CommandText = UpdateHeadSql;
                AddParameter(head, "seq", _headSeq);
                AddParameter(head, "hash", _headHash);
                batch.BatchCommands.Add(head);
            }

            if (batch.BatchCommands.Count > 0)
            {
                batch.ExecuteNonQuery();
            }

            return;
        }

        FlushRows();
        if (_headChanged)
        {
            Execute(UpdateHeadSql, ("seq", _headSeq), ("hash", _headHash));
        }
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        FlushRows();
        return Prepare(sql, parameters).ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        FlushRows();
        var value = Prepare(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public DbDataReader Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        FlushRows();
        return Prepare(sql, parameters).ExecuteReader();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _rows.Dispose();
    }

    private const string UpdateHeadSql = "UPDATE ledger_head SET seq = @seq, hash = @hash WHERE id = 1";

    private static void AddParameter(DbBatchCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string KeysJson(IReadOnlyCollection<ActionKey> keys)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var key in keys)
            {
                json.WriteStartArray();
                json.WriteStringValue(key.AgentId);
                json.WriteStringValue(key.IdempotencyKey);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void ReadHead(DbDataReader reader)
    {
        if (!reader.Read())
        {
            throw new InvalidOperationException("The ledger head row is missing; the schema was not migrated.");
        }

        _headSeq = reader.GetInt64(0);
        _headHash = reader.GetString(1);
    }

    // Every ledger writer holds the head (a row lock on PostgreSQL, the write lock on SQLite), so no other node can add
    // a key between this lookup and the commit.
    private void ReadTakenKeys(DbDataReader reader)
    {
        while (reader.Read())
        {
            _takenActionKeys.Add(new ActionKey(reader.GetString(0), reader.GetString(1)));
        }
    }

    private void FlushRows()
    {
        foreach (var (table, values, offset, rows) in PendingStatements())
        {
            _rows.Insert(_transaction, table, values, offset, rows);
        }
    }

    /// <summary>The multi-row statements for the queued rows, table by table in first-queued order; dequeues them.</summary>
    private IEnumerable<(RowInsert Table, List<object?> Values, int Offset, int Rows)> PendingStatements()
    {
        foreach (var table in _pendingTables)
        {
            var values = _pendingRows[table];
            var rows = values.Count / table.Width;
            for (var first = 0; first < rows; first += RowInsert.MaxRows)
            {
                var count = Math.Min(RowInsert.MaxRows, rows - first);
                yield return (table, values, first * table.Width, count);
            }

            values.Clear();
        }

        _pendingTables.Clear();
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
