using Firebreak.Auth;
using Firebreak.Registry;
using Firebreak.Server.Http;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Auth;

internal static class KeysEndpoints
{
    /// <summary>The most agents one ci key is bound to: a key per pipeline, not one for the whole fleet.</summary>
    private const int MaxCiAgents = 64;

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
        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var created = await keys.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/keys/{created.Id}", created);
    }

    private static ValidationErrors Validate(CreateApiKeyRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("name", request.Name, 200);
        if (!Enum.IsDefined(request.Role))
        {
            errors.Add("role", "must be operator, agent, viewer or ci");
            return errors;
        }

        if (request.Role == ApiKeyRole.Agent && !AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "is required for an agent key and must be an agent id");
        }
        else if (request.Role != ApiKeyRole.Agent && request.AgentId is not null)
        {
            errors.Add("agentId", request.Role == ApiKeyRole.Ci ? "is only allowed for agent keys; a ci key names its agents in agentIds" : "is only allowed for agent keys");
        }

        if (request.Role != ApiKeyRole.Ci)
        {
            if (request.AgentIds is not null)
            {
                errors.Add("agentIds", "is only allowed for ci keys");
            }
        }
        else if (request.AgentIds is not { Count: > 0 and <= MaxCiAgents })
        {
            errors.Add("agentIds", $"is required for a ci key: 1 to {MaxCiAgents} agent ids");
        }
        else if (!request.AgentIds.All(AgentValidator.IsSlug))
        {
            errors.Add("agentIds", "must be agent ids (slugs)");
        }
        else if (request.AgentIds.Distinct(StringComparer.Ordinal).Count() != request.AgentIds.Count)
        {
            errors.Add("agentIds", "must not name an agent twice");
        }

        return errors;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeys(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string id, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No active key has id '{id}'.");
}
