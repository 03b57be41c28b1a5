using System.Text.Json;

namespace Firebreak.Similarity;

/// <summary>
/// The shape of a tool call's arguments: one <c>$.path:type</c> per member, nested members included, array elements
/// under <c>[]</c> (the union over the elements), types as JSON names them. Values never appear.
/// </summary>
internal static class ArgumentShapes
{
    /// <summary>How deep the walk goes; members below are not listed, their container is.</summary>
    public const int MaxDepth = 8;

    /// <summary>The shapes of <paramref name="arguments"/>, each prefixed by <paramref name="tool"/> and a space, added to <paramref name="shapes"/>.</summary>
    public static void Collect(string tool, JsonElement arguments, ISet<string> shapes)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(shapes);
        Walk($"{tool} $", arguments, 0, shapes);
    }

    /// <summary>The JSON type name of <paramref name="kind"/>: <c>object</c>, <c>array</c>, <c>string</c>, <c>number</c>, <c>boolean</c> or <c>null</c>.</summary>
    public static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static void Walk(string path, JsonElement element, int depth, ISet<string> shapes)
    {
        shapes.Add($"{path}:{TypeName(element.ValueKind)}");
        if (depth >= MaxDepth)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk($"{path}.{property.Name}", property.Value, depth + 1, shapes);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk($"{path}[]", item, depth + 1, shapes);
                }

                break;
        }
    }
}
