using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Serialization;

/// <summary>The JSON conventions shared by the API, the SDK and the CLI: camelCase properties, snake_case enum values.</summary>
public static class FirebreakJson
{
    /// <summary>Serializer options for API payloads. Unknown members are refused so that a typo never passes silently.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies Firebreak's conventions to <paramref name="options"/> (used for ASP.NET Core's HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.ReadCommentHandling = JsonCommentHandling.Skip;
        options.AllowTrailingCommas = true;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }
}
