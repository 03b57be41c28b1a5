using System.Data.Common;

namespace Firebreak.Server.Storage;

/// <summary>
/// Sends multi-row inserts (<see cref="RowInsert"/>) on the single writer's connection, reusing one command per
/// statement text and setting its parameters by position.
/// </summary>
internal class RowWriter(DbConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Inserts <paramref name="rows"/> rows of <paramref name="table"/> from <paramref name="values"/>, starting at <paramref name="offset"/>.</summary>
    public virtual void Insert(DbTransaction? transaction, RowInsert table, List<object?> values, int offset, int rows)
    {
        var sql = table.Sql(rows);
        var count = rows * table.Width;
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand(sql);
            for (var i = 0; i < count; i++)
            {
                command.AddParameter($"@p{i}", null);
            }

            _commands[sql] = command;
        }

        command.Transaction = transaction;
        for (var i = 0; i < count; i++)
        {
            command.Parameters[i].Value = values[offset + i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }
    }
}
