using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace SupportDesk.Agent.Model;

public static class ChatClientFactory
{
    /// <summary>The provider name of <see cref="ScriptedChatClient"/> in a release.</summary>
    public const string ScriptedProvider = "scripted";

    /// <summary>
    /// The model a release pins: the scripted one for provider <c>scripted</c>; otherwise the release's model id at the
    /// OpenAI-compatible endpoint of <paramref name="settings"/>.
    /// </summary>
    public static IChatClient Create(Firebreak.Releases.Release release, ModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(settings);
        return string.Equals(release.Model.Provider, ScriptedProvider, StringComparison.OrdinalIgnoreCase)
            ? new ScriptedChatClient()
            : Create(settings with { ModelId = release.Model.Id });
    }

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
