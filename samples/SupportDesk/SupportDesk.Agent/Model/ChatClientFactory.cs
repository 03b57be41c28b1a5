using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SupportDesk.Agent.Model;

public static class ChatClientFactory
{
    /// <summary>The scripted model by default; a real one behind any OpenAI-compatible endpoint when one is configured.</summary>
    public static IChatClient Create(ModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Endpoint is null)
        {
            return new ScriptedChatClient();
        }

        // Local OpenAI-compatible servers ignore the key, but the client library requires one.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(settings.ApiKey) ? "unused" : settings.ApiKey);
        var client = new OpenAIClient(credential, new OpenAIClientOptions { Endpoint = settings.Endpoint });
        return client.GetChatClient(settings.ModelId).AsIChatClient();
    }
}
