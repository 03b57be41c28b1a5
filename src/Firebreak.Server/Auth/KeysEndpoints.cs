using Firebreak.Auth;
using Firebreak.Registry;
using Firebreak.Server.Http;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Auth;

internal static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/keys").WithTags("Keys").RequireAuthorization(Policies.Operate);
        group.MapPost("/", CreateKey).WithName("CreateKey").WithSummary("Issues an API key; its secret is returned this once.");
        group.MapGet("/", ListKeys).WithName("ListKeys").WithSummary("Lists API keys without their secrets.");
        group.MapDelete("/{id}", RevokeKey).WithName("RevokeKey").WithSummary("Revokes an API key.");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateKey(
        CreateApiKeyRequest request,
        ApiKeyStore keys,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Required("name", request.Name, 200);
        if (!Enum.IsDefined(request.Role))
        {
            errors.Add("role", "must be operator, agent or viewer");
        }
        else if (request.Role == ApiKeyRole.Agent && !AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "is required for an agent key and must be an agent id");
        }
        else if (request.Role != ApiKeyRole.Agent && request.AgentId is not null)
        {
            errors.Add("agentId", "is only allowed for agent keys");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var created = await keys.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/keys/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeys(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string id, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No active key has id '{id}'.");
}
