using System.Text.Json;

namespace Firebreak.Server.Storage;

/// <summary>
/// How every store writes an enum: its snake_case name (<c>in_progress</c>), the same name the JSON API uses, so a
/// stored value reads the same in SQL as on the wire. Both SQLite and PostgreSQL stores go through here.
/// </summary>
internal static class StoredEnum
{
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string name)
        where T : struct, Enum => Enum.Parse<T>(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
}
