using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Firebreak.Server.Auth;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The status feed's rule: operators and viewers may read any agent's status; anyone may read an agent's status when
/// <c>Firebreak:Incidents:PublicStatus:&lt;agent&gt;</c> is true, so the banner can be fetched by the product's front end.
/// </summary>
internal sealed class PublicStatusRequirement : AuthorizationHandler<PublicStatusRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PublicStatusRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Operator) || context.User.IsInRole(Roles.Viewer))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http
            && http.GetRouteValue("agent") is string agent
            && http.RequestServices.GetRequiredService<IOptionsMonitor<IncidentOptions>>().CurrentValue.PublicStatus.GetValueOrDefault(agent))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
