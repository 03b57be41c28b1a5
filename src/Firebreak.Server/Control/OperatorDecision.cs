using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Validation;

namespace Firebreak.Server.Control;

/// <summary>
/// An operator's release, discard, approval or denial: an optional reason and the incident it belongs to, stored
/// with the decision so the incident timeline can show who did what, when and why.
/// </summary>
public sealed record OperatorDecision(string? Reason = null, string? IncidentId = null)
{
    internal ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.MaxLength("reason", Reason, ControlChangeValidator.MaxReasonLength);
        if (IncidentId is not null)
        {
            errors.Required("incidentId", IncidentId, ControlChangeValidator.MaxIncidentIdLength);
        }

        return errors;
    }

    /// <summary>The timeline entry of this decision, <paramref name="what"/> followed by the reason; <see langword="null"/> when it names no incident.</summary>
    internal TimelineAct? Entry(TimelineKind kind, string actor, string what, object data) =>
        IncidentId is { } incidentId
            ? new TimelineAct(incidentId, kind, actor, Reason is { } reason ? $"{what}: {reason}" : what, data)
            : null;
}
