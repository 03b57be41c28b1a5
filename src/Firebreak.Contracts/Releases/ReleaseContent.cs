using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Releases;

/// <summary>
/// What a release pins, and nothing else: two releases with the same content are the same release, whoever made them
/// and whatever their notes say.
/// </summary>
public sealed record ReleaseContent(
    string AgentId,
    ReleaseModel Model,
    IReadOnlyDictionary<string, string> Prompts,
    JsonElement? Tools = null,
    JsonElement? Policy = null,
    JsonElement? Config = null)
{
    /// <summary>The release id: lower-case hex SHA-256 of the canonical JSON of this content, so member order and whitespace do not change it.</summary>
    public string Digest() => CanonicalJson.Digest(ToJson());

    /// <summary>The content as the JSON its digest is taken over.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, FirebreakJson.Options);
}
