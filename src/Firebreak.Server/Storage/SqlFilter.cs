using System.Data.Common;
using System.Text;

namespace Firebreak.Server.Storage;

/// <summary>
/// Builds a <c>WHERE</c> clause from fixed SQL fragments whose filter value is present, binding each value as a
/// parameter. User input only ever travels as parameter values, never as SQL text.
/// </summary>
internal sealed class SqlFilter(DbCommand command)
{
    private readonly StringBuilder _clause = new();

    public SqlFilter Where(string condition, string parameter, object? value)
    {
        if (value is null)
        {
            return this;
        }

        _clause.Append(_clause.Length == 0 ? " WHERE " : " AND ").Append(condition);
        command.AddParameter(parameter, value);
        return this;
    }

    public override string ToString() => _clause.ToString();
}
