using System.Text.Json;
using Firebreak.Serialization;
using Microsoft.Extensions.AI;

namespace Firebreak.Client;

/// <summary>
/// An <see cref="AIFunction"/> whose every invocation goes through <see cref="AgentGuard.ExecuteAsync{T}"/>.
/// </summary>
/// <remarks>
/// Blocks and denials come back to the model as the guard's message rather than as exceptions:
/// <see cref="FunctionInvokingChatClient"/> reports an exception as a bare "function failed" unless
/// <c>IncludeDetailedErrors</c> is on (which would leak every other tool's exception text too), and a model that is
/// not told the call was blocked by an operator tends to retry it. A kill also ends the function-calling loop.
/// </remarks>
internal sealed class GuardedAIFunction(AIFunction inner, AgentGuard guard, FirebreakRunContext run) : DelegatingAIFunction(inner)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object?>(arguments, StringComparer.Ordinal), AIJsonUtilities.DefaultOptions);
        var invocation = FunctionInvokingChatClient.CurrentContext;
        var callId = invocation?.CallContent.CallId;
        var key = run.IdempotencyKeys?.Invoke(Name, callId, json)
            ?? (callId is null ? $"{run.RunId}:{Name}:{CanonicalJson.Digest(json)[..16]}" : $"{run.RunId}:{callId}");
        var call = new ToolCall(Name, json, key) { RunId = run.RunId, CorrelationId = run.CorrelationId, ReleaseId = run.ReleaseId };
        try
        {
            var result = await guard.ExecuteAsync(call, token => base.InvokeCoreAsync(arguments, token).AsTask(), cancellationToken);
            return result.IsShadowed ? result.SimulatedResult : result.Value;
        }
        catch (ToolBlockedException blocked)
        {
            if (guard.IsKilled && invocation is not null)
            {
                invocation.Terminate = true;
            }

            return blocked.Message;
        }
        catch (ToolDeniedException denied)
        {
            return denied.Message;
        }
    }
}
