using System.CommandLine;
using Firebreak.Auth;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak keys create|list|revoke</c>.</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "A label for people, such as support-agent-prod.", Required = true };
        var role = new Option<ApiKeyRole>("--role") { Description = "What the key may do.", Required = true };
        role.AcceptOnlyFromAmong(Display.EnumNames<ApiKeyRole>());
        var agent = new Option<string[]>("--agent")
        {
            Description = "The agent an agent key is bound to; for a ci key, each agent it reports regression results for (repeat the option).",
            HelpName = "agent-id",
        };

        var create = new Command("create", "Create an API key; its secret is shown once.") { name, role, agent };
        create.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = Request(parseResult.GetRequiredValue(name), parseResult.GetValue(role), parseResult.GetValue(agent) ?? []);
                KeyRenderer.RenderCreated(context.Console, await client.CreateApiKeyAsync(request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));

        var list = new Command("list", "List API keys, revoked ones included.");
        list.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                KeyRenderer.RenderList(context.Console, await client.ListApiKeysAsync(ct));
                return ExitCodes.Success;
            },
            cancellationToken));

        var id = IdArgument.Create("key-id", "The key's id (from keys list).");
        var revoke = new Command("revoke", "Revoke an API key.") { id };
        revoke.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var keyId = parseResult.GetRequiredValue(id);
                await client.RevokeApiKeyAsync(keyId, ct);
                KeyRenderer.RenderRevoked(context.Console, keyId);
                return ExitCodes.Success;
            },
            cancellationToken));

        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }

    /// <summary>A ci key names its agents in a list, any other key at most one agent; the server refuses what does not fit the role.</summary>
    private static CreateApiKeyRequest Request(string name, ApiKeyRole role, string[] agents) =>
        role == ApiKeyRole.Ci || agents.Length > 1
            ? new CreateApiKeyRequest(name, role, AgentIds: agents.Length > 0 ? agents : null)
            : new CreateApiKeyRequest(name, role, agents.SingleOrDefault());
}
