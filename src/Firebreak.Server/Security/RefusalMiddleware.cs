using Firebreak.Server.Auth;

namespace Firebreak.Server.Security;

/// <summary>
/// Counts, logs and keeps every 403 answered to a key bound to an agent, whichever refused it: an authorization
/// policy, or a handler that found the key acting for another agent or outside its rights. Placed between
/// authentication and authorization, so it sees the caller and every refusal after it.
/// </summary>
internal sealed partial class RefusalMiddleware(
    RequestDelegate next,
    RefusalLog log,
    RefusalInstruments instruments,
    TimeProvider time,
    ILogger<RefusalMiddleware> logger)
{
    /// <summary>The roles whose keys act for named agents: a refusal of theirs is an agent reaching beyond its containment.</summary>
    public static readonly IReadOnlySet<string> AgentBoundRoles = new HashSet<string>(StringComparer.Ordinal) { Roles.Agent, Roles.Ci };

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status403Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var caller = Caller.From(context.User);
        if (!AgentBoundRoles.Contains(caller.Role))
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var refusal = new AgentRefusal(time.GetUtcNow(), caller.KeyId, caller.Actor, caller.Role, context.Request.Method, route);

        // A ci key is bound to several agents: each of their pages shows what the key tried.
        IReadOnlyList<string> agents = caller.AgentId is { } agentId ? [agentId] : caller.CiAgentIds;
        foreach (var agent in agents)
        {
            instruments.Refused(agent, refusal);
            log.Add(agent, refusal);
            LogRefused(logger, caller.KeyId, caller.Actor, caller.Role, agent, refusal.Method, route);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Route} to key {KeyId} ({KeyName}, role {Role}) of agent {AgentId}: outside its rights")]
    private static partial void LogRefused(ILogger logger, string keyId, string keyName, string role, string agentId, string method, string route);
}
