using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Regression;

/// <summary>Checks regression requests before anything is stored.</summary>
internal static class RegressionValidator
{
    public const int MaxAssertions = 50;
    public const int MaxTextLength = 1000;

    public static ValidationErrors Validate(CreateRegressionCaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Required("fromRunId", request.FromRunId, 200);
        errors.MaxLength("name", request.Name, 200);
        errors.MaxLength("incidentId", request.IncidentId, 200);
        if (request.NegativeTools is { } tools && (request.Negative != true || tools.Any(t => !AgentValidator.IsToolName(t))))
        {
            errors.Add("negativeTools", "must be tool names, and only with negative");
        }

        if (request.Negative == true && request.Assertions is { Count: 0 })
        {
            return errors;
        }

        if (request.Assertions is null || request.Assertions.Count == 0)
        {
            errors.Add("assertions", "needs at least one assertion: a case that checks nothing gates nothing");
            return errors;
        }

        if (request.Assertions.Count > MaxAssertions)
        {
            errors.Add("assertions", $"must hold at most {MaxAssertions}");
        }

        for (var i = 0; i < request.Assertions.Count; i++)
        {
            var assertion = request.Assertions[i];
            var field = $"assertions[{i}]";
            switch (assertion.Kind)
            {
                case AssertionKind.MustCall or AssertionKind.MustNotCall or AssertionKind.MaxAmount or AssertionKind.MustNotCallWith when !AgentValidator.IsToolName(assertion.Tool):
                    errors.Add($"{field}.tool", "must be a tool name");
                    break;
                case AssertionKind.MaxAmount when assertion.Max is null or < 0:
                    errors.Add($"{field}.max", "must be an amount of 0 or more");
                    break;
                case AssertionKind.MustNotCallWith when assertion.Arguments is not { ValueKind: System.Text.Json.JsonValueKind.Object }:
                    errors.Add($"{field}.arguments", "must be the object of arguments the call must not repeat");
                    break;
                case AssertionKind.OutputContains or AssertionKind.OutputNotContains:
                    errors.Required($"{field}.text", assertion.Text, MaxTextLength);
                    break;
                default:
                    break;
            }
        }

        return errors;
    }

    public static ValidationErrors Validate(RegressionResultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Required("caseId", request.CaseId, 200);
        if (!Releases.ReleaseValidator.IsReleaseId(request.ReleaseId))
        {
            errors.Add("releaseId", "must be a whole release id (64 lower-case hex characters)");
        }

        if (request.Failures is null)
        {
            errors.Add("failures", "is required (empty when the case passed)");
        }
        else if (request.Passed && request.Failures.Count > 0)
        {
            errors.Add("failures", "must be empty when the case passed");
        }
        else if (!request.Passed && request.Failures.Count == 0)
        {
            errors.Add("failures", "must say what failed");
        }

        return errors;
    }
}
