namespace Firebreak.Server.Auth;

/// <summary>
/// Route groups that carry one authorization policy: a route's policy is stated by the group it is mapped on, once per
/// group, so a route cannot be mapped without one and the policies of a resource read at a glance.
/// </summary>
internal static class PolicyGroups
{
    /// <summary>A group under <paramref name="builder"/>'s prefix (adding none of its own) whose every route requires <paramref name="policy"/>.</summary>
    public static RouteGroupBuilder Requiring(this IEndpointRouteBuilder builder, string policy) =>
        builder.MapGroup(string.Empty).RequireAuthorization(policy);
}
