using System.Text.Json;

namespace Firebreak.Releases;

/// <summary>
/// A new release of an agent, as <c>firebreak release create --agent support -f release.yaml</c> sends it. Everything
/// but <paramref name="Notes"/> and <paramref name="Parent"/> is the release's content and goes into its id.
/// </summary>
/// <param name="AgentId">The agent the release is for.</param>
/// <param name="Model">The pinned model.</param>
/// <param name="Prompts">Prompt templates by name (<c>system</c>, ...); at least one.</param>
/// <param name="Tools">The tool schemas the release was built against, as the agent declares them.</param>
/// <param name="Policy">Guardrail and policy settings.</param>
/// <param name="Config">Any other configuration the agent declares.</param>
/// <param name="Notes">What changed and why, for people.</param>
/// <param name="Parent">The release this one was derived from, if any; it must exist.</param>
public sealed record CreateReleaseRequest(
    string AgentId,
    ReleaseModel Model,
    IReadOnlyDictionary<string, string> Prompts,
    JsonElement? Tools = null,
    JsonElement? Policy = null,
    JsonElement? Config = null,
    string? Notes = null,
    string? Parent = null)
{
    /// <summary>The part of the request that is hashed into the release id.</summary>
    public ReleaseContent ToContent() => new(AgentId, Model, Prompts, Tools, Policy, Config);
}
