using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Similarity;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Similarity;

internal static class SimilarRunsEndpoints
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapSimilarRunsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/runs/{id}/similar", GetSimilar)
            .WithTags("Runs").WithName("GetSimilarRuns")
            .WithSummary("The runs whose failure signature equals or comes closest to this run's, with score, what matched and their incidents.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Ok<SimilarRuns>, ValidationProblem, ProblemHttpResult>> GetSimilar(
        string id,
        int? limit,
        SimilarityStore similarity,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            var errors = new ValidationErrors();
            errors.Add("limit", $"must be between 1 and {MaxLimit}");
            return Problems.Invalid(errors);
        }

        return await similarity.FindAsync(id, limit ?? DefaultLimit, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : Problems.NotFound($"Run '{id}' does not exist.");
    }
}
