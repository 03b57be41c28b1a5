namespace Firebreak.Registry;

/// <summary>
/// What an agent serves in <c>fallback</c> mode, declared in the registry so that users get a degraded but working
/// experience rather than a blank page. An agent that declares none gets a static response built from the control.
/// </summary>
/// <param name="Kind">The degraded experience.</param>
/// <param name="Message">
/// Text for people: the answer of a <see cref="FallbackKind.StaticResponse"/> (required for it), or what a handoff
/// or reduced tool set tells the user. At most 2000 characters.
/// </param>
public sealed record AgentFallback(FallbackKind Kind, string? Message = null);
