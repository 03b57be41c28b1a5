using Firebreak.Ledger;
using Firebreak.Validation;

namespace Firebreak.Compensation;

/// <summary>Checks a blast-radius request before it is run.</summary>
internal static class BlastRadiusValidator
{
    public static ValidationErrors Validate(BlastRadiusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request.Selection, "selection.");
        if (request.Limit is < 1 or > BlastRadiusRequest.MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {BlastRadiusRequest.MaxLimit}");
        }

        if (request.After is < 0)
        {
            errors.Add("after", "must not be negative");
        }

        return errors;
    }

    /// <summary>Checks a selection; <paramref name="prefix"/> is the JSON path of the selection in its request.</summary>
    public static ValidationErrors Validate(BlastRadiusSelection? selection, string prefix = "")
    {
        var errors = new ValidationErrors();
        if (selection is null)
        {
            errors.Add(prefix.TrimEnd('.') is { Length: > 0 } field ? field : "selection", "is required");
            return errors;
        }

        List(errors, prefix + "agents", selection.Agents);
        List(errors, prefix + "releases", selection.Releases);
        List(errors, prefix + "tools", selection.Tools);
        List(errors, prefix + "correlationIds", selection.CorrelationIds);
        List(errors, prefix + "runIds", selection.RunIds);
        if (selection.Outcomes is { Count: > BlastRadiusSelection.MaxListLength })
        {
            errors.Add(prefix + "outcomes", $"must have at most {BlastRadiusSelection.MaxListLength} values");
        }

        if (selection.Since is { } since && selection.Until is { } until && until <= since)
        {
            errors.Add(prefix + "until", "must be after since");
        }

        errors.MaxLength(prefix + "incidentId", selection.IncidentId, LedgerValidator.MaxIdLength);
        return errors;
    }

    private static void List(ValidationErrors errors, string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > BlastRadiusSelection.MaxListLength)
        {
            errors.Add(field, $"must have at most {BlastRadiusSelection.MaxListLength} values");
        }

        if (values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > LedgerValidator.MaxIdempotencyKeyLength))
        {
            errors.Add(field, $"values must be non-empty and at most {LedgerValidator.MaxIdempotencyKeyLength} characters");
        }
    }
}
