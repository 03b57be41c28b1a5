using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Http;
using Firebreak.Validation;

namespace Firebreak.Server.Compensation;

/// <summary>
/// A blast-radius selection read from the query string (<c>?agent=support&amp;tool=issue_refund&amp;since=...</c>);
/// list filters repeat their parameter.
/// </summary>
internal sealed record BlastRadiusQuery(
    string[]? Agent,
    string[]? Release,
    string[]? Tool,
    string[]? Outcome,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    string[]? Correlation,
    string[]? Run,
    string? Incident)
{
    /// <summary>The selection, or the errors that name the parameters at fault.</summary>
    public BlastRadiusSelection? ToSelection(out ValidationErrors errors)
    {
        var outcomes = new List<ActionOutcome>();
        errors = new ValidationErrors();
        foreach (var value in Outcome ?? [])
        {
            if (!QueryEnum.TryParse<ActionOutcome>("outcome", value, out var outcome, out var invalid))
            {
                errors = invalid;
                return null;
            }

            outcomes.Add(outcome!.Value);
        }

        var selection = new BlastRadiusSelection(
            Empty(Agent), Empty(Release), Empty(Tool), outcomes.Count > 0 ? outcomes : null, Since, Until, Empty(Correlation), Empty(Run), Incident);
        errors = BlastRadiusValidator.Validate(selection);
        return errors.IsValid ? selection : null;
    }

    private static string[]? Empty(string[]? values) => values is { Length: > 0 } ? values : null;
}
