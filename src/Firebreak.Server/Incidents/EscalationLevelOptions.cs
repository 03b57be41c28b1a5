using Firebreak.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>One level of an escalation policy (see <see cref="EscalationLevel"/>).</summary>
public sealed class EscalationLevelOptions
{
    /// <summary>Names of webhooks in <c>Firebreak:Incidents:Webhooks</c> this level pages. Required.</summary>
    public List<string> Receivers { get; init; } = [];

    /// <summary>How long after this level is first paged the next level is paged, or the page is given up on the last level (default 15 minutes).</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long between repeats of this level's page (default 5 minutes).</summary>
    public TimeSpan RepeatEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times the page is repeated at this level before it escalates (default 2; 0 pages the level once).</summary>
    public int Repeats { get; set; } = 2;

    internal EscalationLevel ToLevel() => new(Receivers, EscalateAfter, RepeatEvery, Repeats);
}
