namespace Firebreak.Incidents;

/// <summary>One event on an incident's timeline.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who or what acted: a person, or a detector or playbook (<c>detector:refund-rate</c>).</param>
/// <param name="Text">What happened.</param>
internal sealed record TimelineEntry(DateTimeOffset At, string Actor, string Text);
