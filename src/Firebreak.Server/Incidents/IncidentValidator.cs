using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Server.Incidents;

/// <summary>Checks incident requests field by field, so a bad request names every problem at once.</summary>
internal static class IncidentValidator
{
    private const int MaxText = 2_000;
    private const int MaxName = 100;
    private const int MaxAgents = 20;

    public static ValidationErrors Validate(DeclareIncidentRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("title", request.Title, 200);
        errors.Required("commander", request.Commander, MaxName);
        errors.MaxLength("tool", request.Tool, MaxName);
        errors.MaxLength("alertId", request.AlertId, MaxName);
        if (request.Agents is not { Count: > 0 and <= MaxAgents })
        {
            errors.Add("agents", $"must list between 1 and {MaxAgents} agents");
        }
        else if (!request.Agents.All(AgentValidator.IsSlug))
        {
            errors.Add("agents", "must be agent slugs");
        }

        if (!Enum.IsDefined(request.FailureClass))
        {
            errors.Add("failureClass", $"must be one of {string.Join(", ", FailureClassNames.All)}");
        }

        if (request.Severity is not null && !SeverityNames.TryParse(request.Severity, out _))
        {
            errors.Add("severity", "must be SEV1-SEV4, P0-P3 or critical, high, medium, low");
        }

        if (request.Severity is null && request.Impact is null)
        {
            errors.Add("severity", "is required when no impact facts are given");
        }

        if (request.WindowStart is { } start && request.WindowEnd is { } end && end < start)
        {
            errors.Add("windowEnd", "must not be before windowStart");
        }

        if (request.Impact is { } impact)
        {
            if (impact.CustomersAffected < 0 || impact.EntitiesAffected < 0 || impact.MoneyMoved < 0)
            {
                errors.Add("impact", "counts and amounts must not be negative");
            }

            if (impact.MoneyMoved > 0 && (impact.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper)))
            {
                errors.Add("impact.currency", "must be an ISO 4217 code when money moved");
            }
        }

        return errors;
    }

    public static ValidationErrors Validate(ChangeStatusRequest request)
    {
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(request.Status))
        {
            errors.Add("status", "is not an incident status");
        }

        errors.MaxLength("note", request.Note, MaxText);
        return errors;
    }

    public static ValidationErrors Validate(ChangeSeverityRequest request)
    {
        var errors = new ValidationErrors();
        if (!SeverityNames.TryParse(request.Severity, out _))
        {
            errors.Add("severity", "must be SEV1-SEV4, P0-P3 or critical, high, medium, low");
        }

        errors.Required("reason", request.Reason, MaxText);
        return errors;
    }

    public static ValidationErrors Validate(AssignRolesRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Commander is null && request.Scribe is null && request.Responders is null)
        {
            errors.Add("commander", "at least one of commander, scribe or responders is required");
        }

        if (request.Commander is not null)
        {
            errors.Required("commander", request.Commander, MaxName);
        }

        if (request.Scribe is not null)
        {
            errors.Required("scribe", request.Scribe, MaxName);
        }

        if (request.Responders is { } responders && (responders.Count > 50 || responders.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > MaxName)))
        {
            errors.Add("responders", $"must be at most 50 non-empty names of at most {MaxName} characters");
        }

        return errors;
    }

    public static ValidationErrors Validate(AddNoteRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("text", request.Text, MaxText);
        return errors;
    }

    public static ValidationErrors Validate(UpdateAnalysisRequest request)
    {
        var errors = new ValidationErrors();
        errors.MaxLength("rootCause", request.RootCause, MaxText);
        errors.MaxLength("rootCauseOwner", request.RootCauseOwner, MaxName);
        errors.MaxLength("summary", request.Summary, MaxText);
        foreach (var (field, list) in new[] { ("wentWell", request.WentWell), ("toImprove", request.ToImprove) })
        {
            if (list is not null && (list.Count > 50 || list.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > MaxText)))
            {
                errors.Add(field, $"must be at most 50 non-empty lines of at most {MaxText} characters");
            }
        }

        if (request is { RootCause: null, RootCauseOwner: null, Summary: null, WentWell: null, ToImprove: null, WindowEnd: null })
        {
            errors.Add("rootCause", "at least one field is required");
        }

        return errors;
    }

    public static ValidationErrors Validate(SendCommunicationRequest request)
    {
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(request.Channel))
        {
            errors.Add("channel", "must be internal, customer or chat");
        }

        errors.Required("impact", request.Impact, MaxText);
        errors.Required("currentAction", request.CurrentAction, MaxText);
        errors.MaxLength("estimatedResolution", request.EstimatedResolution, MaxName);
        errors.MaxLength("workaround", request.Workaround, MaxText);
        errors.MaxLength("feature", request.Feature, MaxName);
        return errors;
    }

    public static ValidationErrors Validate(ActionItemRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("text", request.Text, MaxText);
        errors.Required("owner", request.Owner, MaxName);
        if (!Enum.IsDefined(request.Status))
        {
            errors.Add("status", "must be open, in_progress or done");
        }

        return errors;
    }
}
