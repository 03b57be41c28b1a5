namespace Firebreak.Guardrails;

/// <summary>One pattern of <see cref="InjectionScanner"/> that matched.</summary>
/// <param name="Pattern">The pattern's name (<c>ignore-instructions</c>).</param>
/// <param name="Strong">Whether the pattern fires alone; weak ones need a second signal unless the agent is strict.</param>
public readonly record struct InjectionSignal(string Pattern, bool Strong);
