using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SupportDesk.Agent.Model;

/// <summary>
/// A deterministic stand-in for a language model, so the sample, its tests and game days run without one: each turn
/// answers with the next step of <see cref="TicketScript"/> as a function call, or with the final text.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    public const string ModelId = "scripted-support";

    private static readonly ChatClientMetadata Metadata = new("scripted", defaultModelId: ModelId);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var next = TicketScript.Next([.. messages]);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [next]))
        {
            ModelId = ModelId,
            FinishReason = next is FunctionCallContent ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? Metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // Holds nothing to release.
    }
}
