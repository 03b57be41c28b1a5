using Firebreak.Validation;

namespace Firebreak.Incidents;

/// <summary>When an incident passed its milestones. Later milestones are <see langword="null"/> until reached, and may be skipped
/// (a kill switch can mitigate before anyone acknowledges); those that are set must not go back in time.</summary>
/// <param name="Detected">When the problem was first detected (by a person or a detector), not when it was declared.</param>
/// <param name="Acknowledged">When a person took ownership.</param>
/// <param name="Mitigated">When the agent stopped causing new harm.</param>
/// <param name="Resolved">When side effects were compensated and service restored.</param>
public sealed record IncidentMilestones(
    DateTimeOffset Detected,
    DateTimeOffset? Acknowledged = null,
    DateTimeOffset? Mitigated = null,
    DateTimeOffset? Resolved = null)
{
    /// <summary>Checks that the milestones that are set are in chronological order; equal times are allowed.</summary>
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        (string Name, DateTimeOffset At) previous = ("detected", Detected);
        foreach (var (name, at) in new[] { ("acknowledged", Acknowledged), ("mitigated", Mitigated), ("resolved", Resolved) })
        {
            if (at is not { } time)
            {
                continue;
            }

            if (time < previous.At)
            {
                errors.Add(name, $"must not be before {previous.Name}");
            }
            else
            {
                previous = (name, time);
            }
        }

        return errors;
    }
}
