using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Firebreak.Server.Storage;

/// <summary>
/// SQLite's multi-row inserts through the native statement API, parameters bound by index. Through ADO.NET each
/// parameter is bound by name, and SQLite finds a name by scanning the statement's parameter list, so binding the
/// 768 parameters of a 64-row statement cost far more than inserting its rows.
/// </summary>
internal sealed class SqliteRowWriter(SqliteConnection connection) : RowWriter(connection)
{
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    public override void Insert(System.Data.Common.DbTransaction? transaction, RowInsert table, List<object?> values, int offset, int rows)
    {
        // The native statement runs inside whatever transaction the connection has open: SQLite's transactions are per connection.
        var db = connection.Handle!;
        var sql = table.Sql(rows);
        if (!_statements.TryGetValue(sql, out var statement))
        {
            Check(db, raw.sqlite3_prepare_v2(db, sql, out statement));
            _statements[sql] = statement;
        }

        var count = rows * table.Width;
        for (var i = 0; i < count; i++)
        {
            var rc = values[offset + i] switch
            {
                null => raw.sqlite3_bind_null(statement, i + 1),
                long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                int number => raw.sqlite3_bind_int64(statement, i + 1, number),
                string text => raw.sqlite3_bind_text(statement, i + 1, text),
                var other => throw new ArgumentException($"No SQLite binding for a {other.GetType().Name} value.", nameof(values)),
            };
            Check(db, rc);
        }

        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(db, step);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static void Check(sqlite3 db, int rc) => SqliteException.ThrowExceptionForRC(rc, db);
}
