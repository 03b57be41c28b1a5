using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Puts an act on an incident's timeline. Other features (control changes, approvals, held input, compensation) call
/// this with the incident id they were given, so every operator and detector act lands on the timeline.
/// </summary>
internal sealed class IncidentTimeline(IncidentStore store)
{
    /// <summary>
    /// Checks <paramref name="incidentId"/> before an act that names it: a typo must be refused before the act, not
    /// discovered later as an act missing from the timeline.
    /// </summary>
    public async Task<string?> RefuseUnknownAsync(string? incidentId, CancellationToken cancellationToken) =>
        incidentId is null || await store.GetAsync(incidentId, cancellationToken) is not null
            ? null
            : $"Incident '{incidentId}' does not exist.";

    /// <summary>Appends one entry; returns it, or <see langword="null"/> when the incident does not exist.</summary>
    public async Task<IncidentTimelineEntry?> AppendAsync(
        string incidentId, TimelineKind kind, string actor, string text, object? data = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        JsonElement? json = data is null ? null : JsonSerializer.SerializeToElement(data, FirebreakJson.Options);
        var result = await store.AppendTimelineAsync(incidentId, kind, actor, text, json, cancellationToken);
        return result.Status == WriteStatus.Created ? result.Value : null;
    }
}
