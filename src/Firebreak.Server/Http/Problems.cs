using Firebreak.Regression;
using Firebreak.Releases;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Http;

/// <summary>RFC 9457 problem responses with titles a person can act on.</summary>
internal static class Problems
{
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>The problem for a write that changed nothing (<see cref="WriteStatus.NotFound"/> or <see cref="WriteStatus.Conflict"/>).</summary>
    public static ProblemHttpResult Refused<T>(WriteResult<T> result) =>
        result.Status == WriteStatus.NotFound ? NotFound(result.Detail!) : Conflict(result.Detail!);

    /// <summary>409 with the failing cases in a <c>gate</c> extension, so the CLI can print the table.</summary>
    public static ProblemHttpResult GateRefused(GateReport gate)
    {
        var failing = gate.FailingCases();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The regression gate refused the promotion.",
            detail: $"{failing.Count} of {gate.Cases.Count} regression case(s) of agent '{gate.AgentId}' do not pass on release {Release.Abbreviate(gate.ReleaseId)}: " +
                string.Join("; ", failing.Select(c => $"{c.Name} ({c.Status.ToString().ToLowerInvariant()}: {string.Join(", ", c.Failures)})")) +
                ". Override only with a reason (--override-gate).",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["gate"] = gate });
    }
}
