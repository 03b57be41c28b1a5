using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Puts an act on an incident's timeline. Other features (control changes, approvals, held input, compensation) hand
/// their stores the entry for the incident id they were given, and the store writes it in the act's own transaction:
/// an act that committed is on the timeline, whatever happens to the request afterwards.
/// </summary>
internal sealed class IncidentTimeline(IncidentStore store, StoreWriter writer)
{
    /// <summary>
    /// Checks <paramref name="incidentId"/> before an act that names it: a typo must be refused before the act, not
    /// discovered later as an act missing from the timeline.
    /// </summary>
    public async Task<string?> RefuseUnknownAsync(string? incidentId, CancellationToken cancellationToken) =>
        incidentId is null || await store.GetAsync(incidentId, cancellationToken) is not null
            ? null
            : $"Incident '{incidentId}' does not exist.";

    /// <summary>
    /// Appends <paramref name="act"/> in a transaction of its own: for what happens after an act, such as its
    /// confirmations. Returns the entry, or <see langword="null"/> when the incident does not exist.
    /// </summary>
    public Task<IncidentTimelineEntry?> AppendAsync(TimelineAct act, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(act);
        return writer.WriteAsync(context => Append(context, act), cancellationToken);
    }

    /// <summary>Appends <paramref name="act"/> inside the transaction of <paramref name="context"/>; <see langword="null"/> when the incident does not exist.</summary>
    public IncidentTimelineEntry? Append(WriteContext context, TimelineAct act)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(act.IncidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(act.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(act.Text);
        JsonElement? json = act.Data is null ? null : JsonSerializer.SerializeToElement(act.Data, FirebreakJson.Options);
        return store.AppendTimeline(context, act.IncidentId, act.Kind, act.Actor, act.Text, json);
    }

    /// <summary>
    /// <paramref name="write"/>, followed in the same transaction by the timeline entry <paramref name="entry"/> makes of
    /// its result, if any: a store method wraps its write in this to take the entry its caller wants written with the act.
    /// </summary>
    public Func<WriteContext, T> With<T>(Func<WriteContext, T> write, Func<T, TimelineAct?>? entry) =>
        entry is null
            ? write
            : context =>
            {
                var result = write(context);
                if (entry(result) is { } act)
                {
                    Append(context, act);
                }

                return result;
            };

    /// <summary>Like <see cref="With{T}"/>, with the entry made of the written value only when the write took effect.</summary>
    public Func<WriteContext, WriteResult<T>> WithCreated<T>(Func<WriteContext, WriteResult<T>> write, Func<T, TimelineAct?>? entry) =>
        With(write, entry is null ? null : result => result.Status == WriteStatus.Created ? entry(result.Value!) : null);
}
