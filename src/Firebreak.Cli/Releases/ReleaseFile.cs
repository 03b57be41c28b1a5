using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Releases;
using Firebreak.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Cli.Releases;

/// <summary>
/// Reads a release file (<c>release.json</c> or <c>release.yaml</c>) into a <see cref="CreateReleaseRequest"/>. YAML is
/// read as the JSON it denotes: plain scalars that look like numbers, booleans or null become those, quoted ones stay
/// strings, so a YAML file and its JSON twin make the same release.
/// </summary>
internal static class ReleaseFile
{
    /// <exception cref="InvalidDataException">The file is not a valid release document; the message says why.</exception>
    public static CreateReleaseRequest Read(string path, string agentId, string? parent, string? notes)
    {
        var text = File.ReadAllText(path);
        JsonNode? node;
        try
        {
            node = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) : FromYaml(text);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new InvalidDataException($"{path} is not valid {(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "JSON" : "YAML")}: {e.Message}", e);
        }

        if (node is not JsonObject document)
        {
            throw new InvalidDataException($"{path} must hold one object with model, prompts and optionally tools, policy, config, notes and parent.");
        }

        if (document["agentId"] is { } named && !string.Equals(named.GetValue<string>(), agentId, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is for agent '{named}', not '{agentId}'.");
        }

        document["agentId"] = agentId;
        if (parent is not null)
        {
            document["parent"] = parent;
        }

        if (notes is not null)
        {
            document["notes"] = notes;
        }

        try
        {
            return document.Deserialize<CreateReleaseRequest>(FirebreakJson.Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a release: {e.Message}", e);
        }
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
