using Firebreak.Compensation;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Compensation;

internal static class MitigationsEndpoints
{
    public static IEndpointRouteBuilder MapMitigationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/mitigations").WithTags("Compensation");
        group.Requiring(Policies.Read).MapGet("/", List)
            .WithName("ListMitigations").WithSummary("Mitigation tasks for actions with no inverse, oldest first.");
        group.Requiring(Policies.Operate).MapPost("/{id}", Update)
            .WithName("UpdateMitigation").WithSummary("Moves a mitigation task on (open, in_progress, done, wont_do) or hands it to another owner.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<MitigationTask>>, ValidationProblem>> List(
        CompensationStore store, string? status, string? run, int? limit, CancellationToken cancellationToken)
    {
        if (!QueryEnum.TryParse<MitigationStatus>("status", status, out var parsed, out var errors))
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListMitigationsAsync(parsed, run, Paging.Clamp(limit, fallback: 100), cancellationToken));
    }

    private static async Task<Results<Ok<MitigationTask>, ValidationProblem, ProblemHttpResult>> Update(
        string id, MitigationUpdateRequest request, CompensationStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.MaxLength("owner", request.Owner, 200);
        if (request.Owner is { Length: 0 } || (request.Status is null && request.Owner is null))
        {
            errors.Add("status", "give a status, an owner, or both");
        }

        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            errors.Add("status", "is not a mitigation status");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var result = await store.UpdateMitigationAsync(id, request, Caller.From(http.User).Actor, cancellationToken);
        return result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
    }
}
