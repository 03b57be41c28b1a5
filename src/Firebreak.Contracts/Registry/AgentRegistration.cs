using Firebreak.Control;

namespace Firebreak.Registry;

/// <summary>The answer to <c>PUT /api/v1/agents/{id}</c>: the definition as stored and, when it changed, the control change that put it in force.</summary>
/// <param name="Agent">The agent as stored.</param>
/// <param name="Control">
/// The control change recording the edit: its epoch and which enforcement points of the agent applied it within the
/// wait. <see langword="null"/> when the definition was already stored exactly so: nothing changed, no epoch was taken.
/// </param>
public sealed record AgentRegistration(AgentDefinition Agent, ControlChangeResult? Control);
