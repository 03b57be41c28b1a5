using Microsoft.Extensions.AI;

namespace Firebreak.Client;

/// <summary>Puts an agent's Microsoft.Extensions.AI tools behind an <see cref="AgentGuard"/>.</summary>
public static class FirebreakToolExtensions
{
    /// <summary>
    /// Wraps every <see cref="AIFunction"/> in <paramref name="tools"/> so each invocation is decided, recorded and, when
    /// controls say so, shadowed, held for approval or blocked by <paramref name="guard"/>:
    /// <c>options.Tools = tools.WithFirebreak(guard, FirebreakRunContext.For(run));</c>
    /// </summary>
    /// <remarks>
    /// A blocked or denied call returns the guard's explanation to the model as the function result instead of
    /// throwing; when the agent is killed the function-calling loop of <see cref="FunctionInvokingChatClient"/> also
    /// stops. Tools that are not functions (hosted tools run by the model provider) are passed through unchanged, as
    /// Firebreak cannot stand between the provider and them. The W3C trace context of <see cref="System.Diagnostics.Activity.Current"/>
    /// flows to the server with each record as the <c>traceparent</c> header.
    /// </remarks>
    /// <param name="tools">The agent's tools.</param>
    /// <param name="guard">The agent's guard.</param>
    /// <param name="run">The run the tools act for.</param>
    /// <returns>A new list, in the same order.</returns>
    public static IList<AITool> WithFirebreak(this IEnumerable<AITool> tools, AgentGuard guard, FirebreakRunContext run)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(run);
        return [.. tools.Select(tool => tool is AIFunction function and not GuardedAIFunction ? new GuardedAIFunction(function, guard, run) : tool)];
    }
}
