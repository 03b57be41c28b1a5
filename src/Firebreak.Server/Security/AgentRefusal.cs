namespace Firebreak.Server.Security;

/// <summary>One request of a key bound to an agent that the server refused with 403: the agent reaching beyond its rights.</summary>
/// <param name="At">When the server refused it.</param>
/// <param name="KeyId">The id of the key that sent it, to revoke it by.</param>
/// <param name="KeyName">The key's name, the actor it records as.</param>
/// <param name="Role">The key's role.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Route">The route pattern asked for, such as <c>/api/v1/control/changes</c>; never the raw path, which may carry ids.</param>
internal sealed record AgentRefusal(DateTimeOffset At, string KeyId, string KeyName, string Role, string Method, string Route);
