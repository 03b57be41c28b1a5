using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.GameDays;

/// <summary>Checks a drill report before the server stores it: names, times in order, counts, and a verdict that agrees with the checks.</summary>
internal static class GameDayValidator
{
    private const int MaxText = 1000;
    private const int MaxItems = 100;

    public static ValidationErrors Validate(GameDayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(report.Scenario))
        {
            errors.Add("scenario", "must be a slug: lower-case letters, digits and single dashes, 2 to 64 characters");
        }

        if (!AgentValidator.IsSlug(report.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        errors.Required("title", report.Title, 200);
        errors.MaxLength("wrongActionRule", report.WrongActionRule, MaxText);
        if (report.InjectedAt < report.StartedAt)
        {
            errors.Add("injectedAt", "must not be before startedAt");
        }

        if (report.EndedAt < report.InjectedAt)
        {
            errors.Add("endedAt", "must not be before injectedAt");
        }

        if (report.Queued < 0)
        {
            errors.Add("queued", "must not be negative");
        }

        Measurements(report.Measurements, errors);
        if (report.Checks.Count is 0 or > MaxItems)
        {
            errors.Add("checks", $"must hold 1 to {MaxItems} checks");
        }

        for (var i = 0; i < report.Checks.Count; i++)
        {
            var check = report.Checks[i];
            errors.Required($"checks[{i}].name", check.Name, 200);
            errors.Required($"checks[{i}].bound", check.Bound, 200);
            errors.Required($"checks[{i}].actual", check.Actual, MaxText);
        }

        var expected = report.Checks.All(c => c.Passed) ? GameDayVerdict.Passed : GameDayVerdict.Failed;
        if (report.Checks.Count > 0 && report.Verdict != expected)
        {
            errors.Add("verdict", $"must be {expected.ToString().ToLowerInvariant()}: it follows from the checks");
        }

        if (report.Notes.Count > MaxItems)
        {
            errors.Add("notes", $"must hold at most {MaxItems} notes");
        }

        for (var i = 0; i < report.Notes.Count; i++)
        {
            errors.Required($"notes[{i}]", report.Notes[i], MaxText);
        }

        return errors;
    }

    private static void Measurements(GameDayMeasurements m, ValidationErrors errors)
    {
        NotNegative(errors, "measurements.timeToDetectMs", m.TimeToDetectMs);
        NotNegative(errors, "measurements.timeToContainMs", m.TimeToContainMs);
        NotNegative(errors, "measurements.containedAfterInjectionMs", m.ContainedAfterInjectionMs);
        NotNegative(errors, "measurements.containmentChangedMs", m.ContainmentChangedMs);
        NotNegative(errors, "measurements.timeToDrainMs", m.TimeToDrainMs);
        NotNegative(errors, "measurements.timeToTraceMs", m.TimeToTraceMs);
        NotNegative(errors, "measurements.firstWrongActionMs", m.FirstWrongActionMs);
        NotNegative(errors, "measurements.pointsConfirmed", m.PointsConfirmed);
        NotNegative(errors, "measurements.points", m.Points);
        NotNegative(errors, "measurements.runsInFlight", m.RunsInFlight);
        NotNegative(errors, "measurements.wrongActionsExecuted", m.WrongActionsExecuted);
        NotNegative(errors, "measurements.wrongActionsAfterContainment", m.WrongActionsAfterContainment);
        NotNegative(errors, "measurements.runs", m.Runs);
        if (m.PointsConfirmed > m.Points)
        {
            errors.Add("measurements.pointsConfirmed", "must not exceed points");
        }

        if (m.WrongActionsAfterContainment > m.WrongActionsExecuted)
        {
            errors.Add("measurements.wrongActionsAfterContainment", "must not exceed wrongActionsExecuted");
        }

        errors.MaxLength("measurements.detectedBy", m.DetectedBy, 200);
        errors.MaxLength("measurements.containedBy", m.ContainedBy, 200);
        errors.MaxLength("measurements.containment", m.Containment, MaxText);
        if (m.WrongAmounts.Count > MaxItems)
        {
            errors.Add("measurements.wrongAmounts", $"must hold at most {MaxItems} currencies");
        }
    }

    private static void NotNegative(ValidationErrors errors, string field, double? value)
    {
        if (value is < 0 || (value is { } v && !double.IsFinite(v)))
        {
            errors.Add(field, "must be a finite number, not negative");
        }
    }
}
