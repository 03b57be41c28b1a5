using System.Text.Json;

namespace Firebreak.Releases;

/// <summary>The model a release pins.</summary>
/// <param name="Id">The model id at the provider, such as <c>gpt-4o-mini-2024-07-18</c>; pin a dated version, not an alias.</param>
/// <param name="Provider">Who serves it, such as <c>openai</c> or <c>scripted</c>.</param>
/// <param name="Parameters">Sampling and other settings (temperature, max tokens), as the agent reads them.</param>
public sealed record ReleaseModel(string Id, string Provider, JsonElement? Parameters = null);
