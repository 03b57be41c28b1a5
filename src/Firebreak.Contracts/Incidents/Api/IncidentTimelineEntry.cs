using System.Text.Json;

namespace Firebreak.Incidents;

/// <summary>One entry of an incident's append-only timeline.</summary>
/// <param name="Seq">Its position on the timeline, from 1.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who or what acted.</param>
/// <param name="Kind">What kind of event it is.</param>
/// <param name="Text">What happened, for people.</param>
/// <param name="Data">Structured detail, if any.</param>
public sealed record IncidentTimelineEntry(long Seq, DateTimeOffset At, string Actor, TimelineKind Kind, string Text, JsonElement? Data = null);
