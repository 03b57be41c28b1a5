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

    /// <summary>Adds a fixed condition that binds no value.</summary>
    public SqlFilter Where(string condition)
    {
        _clause.Append(_clause.Length == 0 ? " WHERE " : " AND ").Append(condition);
        return this;
    }

    /// <summary>Adds <c>column IN (@name0, @name1, ...)</c> when <paramref name="values"/> has any, one parameter per value.</summary>
    public SqlFilter WhereIn<T>(string column, string parameter, IReadOnlyList<T>? values)
    {
        if (values is not { Count: > 0 })
        {
            return this;
        }

        _clause.Append(_clause.Length == 0 ? " WHERE " : " AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = parameter + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _clause.Append(i == 0 ? "@" : ", @").Append(name);
            command.AddParameter(name, values[i]);
        }

        _clause.Append(')');
        return this;
    }

    public override string ToString() => _clause.ToString();
}
