namespace Firebreak.Guardrails;

/// <summary>What an agent does when personal data appears in tool arguments or results.</summary>
/// <param name="Action">What a hit does.</param>
/// <param name="Kinds">The kinds looked for; <see langword="null"/> (the default) for all of them.</param>
/// <param name="Tools">The tools checked; <see langword="null"/> (the default) for every tool.</param>
/// <param name="Arguments">Whether arguments are checked, before the call (default <see langword="true"/>).</param>
/// <param name="Results">Whether results are checked, after the call (default <see langword="false"/>: results of lookups carry customer data by design).</param>
public sealed record PiiGuardrail(
    GuardrailAction Action,
    IReadOnlyList<PiiKind>? Kinds = null,
    IReadOnlyList<string>? Tools = null,
    bool Arguments = true,
    bool Results = false);
