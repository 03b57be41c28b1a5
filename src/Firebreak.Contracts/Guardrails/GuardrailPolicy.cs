namespace Firebreak.Guardrails;

/// <summary>
/// An agent's guardrails, as its registry entry declares them (JSON <c>guardrails</c>). The SDK guard and the MCP
/// gateway both evaluate it with <see cref="GuardrailEvaluator"/>, after the control decision.
/// </summary>
/// <param name="Injection">Prompt-injection checks; <see langword="null"/> for none.</param>
/// <param name="Pii">Personal-data checks; <see langword="null"/> for none.</param>
/// <param name="Rules">Out-of-policy argument rules; <see langword="null"/> for none.</param>
/// <param name="RedactTraces">Whether personal data is replaced by <c>[redacted:kind]</c> in the arguments, results and retrieved content recorded in the ledger (default <see langword="false"/>: compensation may need the exact values).</param>
public sealed record GuardrailPolicy(
    InjectionGuardrail? Injection = null,
    PiiGuardrail? Pii = null,
    IReadOnlyList<ArgumentRuleDefinition>? Rules = null,
    bool RedactTraces = false);
