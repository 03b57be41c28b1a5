using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Compensation;

internal static class ToxicEndpoints
{
    public static IEndpointRouteBuilder MapToxicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/runs/toxic", Mark)
            .WithTags("Runs").WithName("MarkRunsToxic")
            .WithSummary("Marks the runs of a selection toxic: kept as evidence, flagged on their records and traces, refused as good regression examples.")
            .RequireAuthorization(Policies.Operate);
        return app;
    }

    private static async Task<Results<Ok<ToxicMarking>, ValidationProblem, ProblemHttpResult>> Mark(
        MarkToxicRequest request,
        SelectionResolver resolver,
        ToxicStore store,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = ToxicValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (selection, error) = await resolver.ResolveAsync(request.Selection, cancellationToken);
        if (selection is null)
        {
            return Problems.NotFound(error!);
        }

        var actor = Caller.From(http.User).Actor;
        var reason = request.Reason.Trim();
        var marking = await store.MarkAsync(
            selection,
            reason,
            actor,
            marked => selection.IncidentId is { } incident
                ? new TimelineAct(
                    incident,
                    TimelineKind.Compensation,
                    actor,
                    $"Marked {marked.Marked} runs toxic ({marked.Selected - marked.Marked} of {marked.Selected} selected were already marked): {reason}",
                    new { selection, marking = marked })
                : null,
            cancellationToken);
        return TypedResults.Ok(marking);
    }
}
