using System.Text;

namespace Firebreak.Server.Storage;

/// <summary>
/// The insert statement of one table, for rows a write hands to <see cref="WriteContext.Insert"/>: the context sends a
/// batch's rows as multi-row statements instead of one statement per row.
/// </summary>
internal sealed class RowInsert
{
    /// <summary>Most rows one statement carries: 64 rows of the widest ledger table stay far below both backends' parameter limits.</summary>
    public const int MaxRows = 64;

    private readonly string _table;
    private readonly string _columns;
    private readonly string?[] _sql = new string?[MaxRows + 1];

    public RowInsert(string table, params string[] columns)
    {
        _table = table;
        _columns = string.Join(", ", columns);
        Width = columns.Length;
    }

    /// <summary>The number of columns, hence of values, in one row.</summary>
    public int Width { get; }

    /// <summary>The statement inserting <paramref name="rows"/> rows, with parameters <c>@p0</c>, <c>@p1</c>, ... row by row.</summary>
    public string Sql(int rows) => _sql[rows] ??= Build(rows);

    private string Build(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {_table} ({_columns}) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < Width; column++)
            {
                sql.Append(column == 0 ? "@p" : ", @p").Append((row * Width) + column);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
