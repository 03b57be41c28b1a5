namespace Firebreak.Incidents;

/// <summary>One level of an <see cref="EscalationPolicy"/>: who is paged, how often the page repeats, and how long before the next level is paged.</summary>
/// <param name="Receivers">The webhooks (by configured name) this level pages: on-call targets such as a PagerDuty service or an Opsgenie team.</param>
/// <param name="EscalateAfter">How long after this level was first paged the next level is paged (or, on the last level, the page is given up as unanswered).</param>
/// <param name="RepeatEvery">How long between repeats of this level's page; ignored when <paramref name="Repeats"/> is 0.</param>
/// <param name="Repeats">How many times this level's page is repeated before escalation; 0 pages the level once.</param>
internal sealed record EscalationLevel(IReadOnlyList<string> Receivers, TimeSpan EscalateAfter, TimeSpan RepeatEvery, int Repeats);
