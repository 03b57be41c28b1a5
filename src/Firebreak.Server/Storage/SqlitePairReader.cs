using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Firebreak.Server.Storage;

/// <summary>
/// Steps a query of two text columns through SQLite's native statement API and hands each row's bytes to a sink as
/// SQLite holds them. Through <see cref="SqliteDataReader"/> every value became a string first: reading and hashing
/// the 666,668 entity pairs of a 333k-action selection spent more time there than SQLite spent finding them.
/// </summary>
internal static class SqlitePairReader
{
    /// <summary>How many rows are read between two looks at the cancellation token.</summary>
    private const int RowsPerCancellationCheck = 4096;

    /// <summary>
    /// Runs <paramref name="command"/> (its text and named parameters) on its connection, inside whatever transaction
    /// that connection has open: SQLite's transactions are per connection.
    /// </summary>
    public static void Read(SqliteCommand command, IUtf8PairSink sink, CancellationToken cancellationToken)
    {
        var db = command.Connection?.Handle ?? throw new InvalidOperationException("The command's connection is not open.");
        Check(db, raw.sqlite3_prepare_v2(db, command.CommandText, out var statement));
        using (statement)
        {
            Bind(db, statement, command.Parameters);
            var rows = 0;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (++rows % RowsPerCancellationCheck == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // For a TEXT value sqlite3_column_blob returns its stored UTF-8 bytes unconverted (the database's encoding).
                sink.Add(raw.sqlite3_column_blob(statement, 0), raw.sqlite3_column_blob(statement, 1));
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(db, rc);
            }
        }
    }

    private static void Bind(sqlite3 db, sqlite3_stmt statement, SqliteParameterCollection parameters)
    {
        var bound = 0;
        foreach (SqliteParameter parameter in parameters)
        {
            var name = parameter.ParameterName;
            var index = raw.sqlite3_bind_parameter_index(statement, name.Length > 0 && name[0] is '@' or '$' or ':' ? name : "@" + name);
            if (index == 0)
            {
                continue;
            }

            bound++;
            Check(db, parameter.Value switch
            {
                null or DBNull => raw.sqlite3_bind_null(statement, index),
                long number => raw.sqlite3_bind_int64(statement, index, number),
                int number => raw.sqlite3_bind_int64(statement, index, number),
                string text => raw.sqlite3_bind_text(statement, index, text),
                var other => throw new ArgumentException($"No SQLite binding for a {other.GetType().Name} parameter.", nameof(parameters)),
            });
        }

        // SQLite reads an unbound parameter as NULL; ADO.NET refuses the command instead, and so does this.
        if (bound != raw.sqlite3_bind_parameter_count(statement))
        {
            throw new InvalidOperationException("The command leaves some of its SQL parameters without a value.");
        }
    }

    private static void Check(sqlite3 db, int rc) => SqliteException.ThrowExceptionForRC(rc, db);
}
