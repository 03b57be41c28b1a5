using Firebreak.Validation;

namespace Firebreak.Compensation;

/// <summary>Checks a toxic marking before any run is marked.</summary>
internal static class ToxicValidator
{
    public static ValidationErrors Validate(MarkToxicRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = BlastRadiusValidator.Validate(request.Selection, "selection.");
        if (request.Selection is { } selection && IsOpen(selection))
        {
            errors.Add("selection", "must name an incident or at least one filter; marking every run is refused");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason", "is required");
        }
        else if (request.Reason.Length > MarkToxicRequest.MaxReasonLength)
        {
            errors.Add("reason", $"must be at most {MarkToxicRequest.MaxReasonLength} characters");
        }

        return errors;
    }

    private static bool IsOpen(BlastRadiusSelection selection) =>
        selection.IncidentId is null && selection.Since is null && selection.Until is null
        && IsEmpty(selection.Agents) && IsEmpty(selection.Releases) && IsEmpty(selection.Tools)
        && IsEmpty(selection.CorrelationIds) && IsEmpty(selection.RunIds) && selection.Outcomes is not { Count: > 0 };

    private static bool IsEmpty(IReadOnlyList<string>? values) => values is not { Count: > 0 };
}
