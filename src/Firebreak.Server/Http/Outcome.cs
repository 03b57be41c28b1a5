using Firebreak.Regression;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Http;

/// <summary>
/// The outcome of an operation the API answers: its value, or why nothing changed. At most one reason is set;
/// <see cref="Answer{TOk}"/> is the one place that turns a reason into its problem details.
/// </summary>
/// <param name="Value">What the operation produced; <see langword="null"/> when it was refused (or, for an automatic playbook, already applied).</param>
/// <param name="Invalid">The request is malformed (400).</param>
/// <param name="NotFound">Something the request names does not exist (404).</param>
/// <param name="Conflict">The operation is refused as things stand (409).</param>
/// <param name="Gate">The regression gate refused a promotion (409 with the failing cases).</param>
internal sealed record Outcome<T>(
    T? Value,
    ValidationErrors? Invalid = null,
    string? NotFound = null,
    string? Conflict = null,
    GateReport? Gate = null)
    where T : class
{
    /// <summary>A store write's outcome: the stored value (new or existing), or why nothing was written.</summary>
    public static Outcome<T> From(WriteResult<T> result) => result.Status switch
    {
        WriteStatus.Created or WriteStatus.Existing => new(result.Value),
        WriteStatus.NotFound => new(null, NotFound: result.Detail),
        _ => new(null, Conflict: result.Detail),
    };

    /// <summary>The HTTP answer: <paramref name="ok"/> of the value, or the problem that kept it from happening.</summary>
    public Results<TOk, ValidationProblem, ProblemHttpResult> Answer<TOk>(Func<T, TOk> ok)
        where TOk : IResult
    {
        if (Invalid is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        if (Gate is { } gate)
        {
            return Problems.GateRefused(gate);
        }

        if (NotFound is { } notFound)
        {
            return Problems.NotFound(notFound);
        }

        return Value is { } value ? ok(value) : Problems.Conflict(Conflict!);
    }
}
