using System.Text.Json;

namespace Firebreak.Releases;

/// <summary>An immutable, content-addressed release of an agent.</summary>
/// <param name="Id">SHA-256 of the canonical JSON of <see cref="ToContent"/>, lower-case hex.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="Model">The pinned model.</param>
/// <param name="Prompts">Prompt templates by name.</param>
/// <param name="Tools">The tool schemas.</param>
/// <param name="Policy">Guardrail and policy settings.</param>
/// <param name="Config">Other configuration.</param>
/// <param name="Author">Who created it (the API key's name).</param>
/// <param name="Notes">What changed and why.</param>
/// <param name="Parent">The release it was derived from.</param>
/// <param name="CreatedAt">When it was first stored.</param>
public sealed record Release(
    string Id,
    string AgentId,
    ReleaseModel Model,
    IReadOnlyDictionary<string, string> Prompts,
    JsonElement? Tools,
    JsonElement? Policy,
    JsonElement? Config,
    string Author,
    string? Notes,
    string? Parent,
    DateTimeOffset CreatedAt)
{
    /// <summary>The length of the short id shown by the CLI; the API accepts it as a prefix.</summary>
    public const int ShortIdLength = 12;

    /// <summary>The hashed content.</summary>
    public ReleaseContent ToContent() => new(AgentId, Model, Prompts, Tools, Policy, Config);

    /// <summary>The first <see cref="ShortIdLength"/> characters of <paramref name="id"/>, as people read it.</summary>
    public static string Abbreviate(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id[..Math.Min(ShortIdLength, id.Length)];
    }
}
