namespace Firebreak.Incidents;

/// <summary>What an escalation schedule asks for at one moment.</summary>
/// <param name="Step">The step to send now, or <see langword="null"/> when nothing is due.</param>
/// <param name="Skipped">Earlier due steps that were not sent (the scanner was down); only the latest due step is sent, so an outage does not burst repeats.</param>
/// <param name="NextAt">When the step after it (or, with nothing due, the next step) is due; <see langword="null"/> when the schedule has no more steps or the page is acknowledged.</param>
internal sealed record EscalationDue(EscalationStep? Step, int Skipped, DateTimeOffset? NextAt)
{
    /// <summary>Nothing is due now nor later.</summary>
    public static EscalationDue Finished { get; } = new(null, 0, null);
}
