using Firebreak.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>An act to put on an incident's timeline; <see cref="IncidentTimeline"/> writes it, in the act's own transaction where there is one.</summary>
/// <param name="IncidentId">The incident the act names.</param>
/// <param name="Kind">What kind of act it is.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="Text">What happened, for people.</param>
/// <param name="Data">The act's details, serialized as the entry's data.</param>
internal sealed record TimelineAct(string IncidentId, TimelineKind Kind, string Actor, string Text, object? Data = null);
