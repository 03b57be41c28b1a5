using Firebreak.Compensation;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Compensation;

/// <summary>Fills a selection's open filters from the incident it names; refuses an incident that does not exist.</summary>
internal sealed class SelectionResolver(IncidentStore incidents)
{
    /// <summary>The resolved selection, or the reason it cannot be resolved.</summary>
    public async Task<(BlastRadiusSelection? Selection, string? Error)> ResolveAsync(BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        if (selection.IncidentId is not { } incidentId)
        {
            return (selection, null);
        }

        return await incidents.GetAsync(incidentId, cancellationToken) is { } incident
            ? (selection.Within(incident), null)
            : (null, $"Incident '{incidentId}' does not exist.");
    }
}
