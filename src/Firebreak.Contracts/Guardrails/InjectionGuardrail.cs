namespace Firebreak.Guardrails;

/// <summary>
/// Where an agent looks for prompt injection and what it does on a hit. A stage without an action is not scanned.
/// The patterns are <see cref="InjectionScanner"/>'s; the strict policy level fires on any single signal.
/// </summary>
/// <param name="Inputs">For tool-call arguments, such as text the model was manipulated into passing on.</param>
/// <param name="Results">For tool results, such as a fetched web page.</param>
/// <param name="Retrieved">For retrieved documents checked with the SDK's retrieved-content check.</param>
public sealed record InjectionGuardrail(
    GuardrailAction? Inputs = null,
    GuardrailAction? Results = null,
    GuardrailAction? Retrieved = null);
