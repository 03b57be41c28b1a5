namespace Firebreak.Incidents;

/// <summary>Changes who holds the incident roles; absent fields stay as they are.</summary>
/// <param name="Commander">The new commander.</param>
/// <param name="Scribe">The new scribe.</param>
/// <param name="Responders">The full new list of responders.</param>
public sealed record AssignRolesRequest(string? Commander = null, string? Scribe = null, IReadOnlyList<string>? Responders = null);
