using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Control;

/// <summary>Writes a <see cref="ControlScope"/> as its canonical key, the form operators type and logs show.</summary>
internal sealed class ControlScopeJsonConverter : JsonConverter<ControlScope>
{
    public override ControlScope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var key = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return ControlScope.TryParse(key, out var scope)
            ? scope
            : throw new JsonException("A control scope must be 'global', 'agent:<agent id>' or 'tool:<agent id>/<tool name>'.");
    }

    public override void Write(Utf8JsonWriter writer, ControlScope value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Key);
    }
}
