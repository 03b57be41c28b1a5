using Firebreak.Incidents;
using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>
/// Which recorded actions an incident touched. Every filter that is set narrows the selection; lists match any of
/// their values. An empty selection matches every action in the ledger.
/// </summary>
/// <param name="Agents">Actions of these agents.</param>
/// <param name="Releases">Actions recorded under these release ids.</param>
/// <param name="Tools">Calls of these tools.</param>
/// <param name="Outcomes">Actions that ended in one of these outcomes.</param>
/// <param name="Since">Recorded at or after this time.</param>
/// <param name="Until">Recorded before this time.</param>
/// <param name="CorrelationIds">Actions of runs with these correlation ids.</param>
/// <param name="RunIds">Actions of these runs.</param>
/// <param name="IncidentId">
/// An incident whose agents and window fill <paramref name="Agents"/>, <paramref name="Since"/> and
/// <paramref name="Until"/> where those are not given.
/// </param>
public sealed record BlastRadiusSelection(
    IReadOnlyList<string>? Agents = null,
    IReadOnlyList<string>? Releases = null,
    IReadOnlyList<string>? Tools = null,
    IReadOnlyList<ActionOutcome>? Outcomes = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    IReadOnlyList<string>? CorrelationIds = null,
    IReadOnlyList<string>? RunIds = null,
    string? IncidentId = null)
{
    /// <summary>The most values one list filter takes.</summary>
    public const int MaxListLength = 500;

    /// <summary>
    /// The selection with the incident's agents and window filled in where this selection leaves them open. An explicit
    /// filter always wins: an operator narrows an incident's window, never widens it by accident.
    /// </summary>
    public BlastRadiusSelection Within(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return this with
        {
            Agents = Agents is { Count: > 0 } ? Agents : incident.Agents,
            Since = Since ?? incident.WindowStart,
            Until = Until ?? incident.WindowEnd,
        };
    }
}
