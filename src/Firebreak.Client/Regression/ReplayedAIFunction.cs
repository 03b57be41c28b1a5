using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Firebreak.Client;

/// <summary>A tool stub for a replay: same name and schema as the real tool, answers from the session, never calls the tool.</summary>
internal sealed class ReplayedAIFunction(AIFunction inner, ReplaySession session) : DelegatingAIFunction(inner)
{
    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object?>(arguments, StringComparer.Ordinal), AIJsonUtilities.DefaultOptions);
        return ValueTask.FromResult(session.Answer(Name, json));
    }
}
