using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-Api-Key: &lt;key&gt;</c>, or <c>x-firebreak-key: &lt;key&gt;</c>,
/// the header an OpenTelemetry exporter is configured with) against the stored key hashes.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The header OpenTelemetry exporters send the key in (<c>OTEL_EXPORTER_OTLP_HEADERS=x-firebreak-key=...</c>).</summary>
    public const string FirebreakKeyHeader = "x-firebreak-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var found = await keys.FindActiveAsync(key, Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, found.Id),
            new(ClaimTypes.Name, found.Name),
            new(ClaimTypes.Role, Roles.Of(found.Role)),
        };
        if (found.AgentId is not null)
        {
            claims.Add(new Claim(Caller.AgentClaim, found.AgentId));
        }

        claims.AddRange((found.AgentIds ?? []).Select(agentId => new Claim(Caller.CiAgentClaim, agentId)));

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send an API key as 'Authorization: Bearer <key>'.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"The '{Context.User.FindFirstValue(ClaimTypes.Role)}' role may not do this.")
            .ExecuteAsync(Context);

    /// <summary>The key a request presents, if any; <see cref="AuthFailureLimitMiddleware"/> counts the requests that present one and fail.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        }

        return Header(request, "X-Api-Key") ?? Header(request, FirebreakKeyHeader);
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var header) && header.ToString() is { Length: > 0 } value ? value : null;
}
