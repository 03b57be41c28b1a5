using System.CommandLine;
using System.Net;
using Firebreak.Cli.Releases;
using Firebreak.Cli.Rendering;
using Firebreak.Client;
using Firebreak.Releases;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak release create|list|show|diff|activate|status</c>: the deployable versions of an agent.</summary>
internal static class ReleaseCommand
{
    public static Command Create(CliContext context) => new("release", "Create, inspect, compare and activate releases: pinned model, prompts, tool schemas and policy.")
    {
        CreateRelease(context),
        List(context),
        Show(context),
        Diff(context),
        Activate(context),
        Status(context),
    };

    /// <summary>The <c>--agent</c> option every release command needs.</summary>
    public static Option<string> AgentOption(string description = "The agent.") => new("--agent") { Description = description, HelpName = "agent-id", Required = true };

    /// <summary>The <c>--wait</c> option of commands that report confirmations.</summary>
    public static Option<int?> WaitOption() => new("--wait") { Description = "How long the server waits for enforcement points to confirm (0 = do not wait; default 2000).", HelpName = "ms" };

    private static Command CreateRelease(CliContext context)
    {
        var agent = AgentOption();
        var file = new Option<FileInfo>("--file", "-f") { Description = "The release: release.json or release.yaml (model, prompts, tools, policy, config, notes).", Required = true };
        var parent = new Option<string>("--parent") { Description = "The release this one derives from.", HelpName = "release" };
        var notes = new Option<string>("--notes") { Description = "What changed and why; replaces the file's notes." };
        var command = new Command("create", "Store a release; its id is the SHA-256 of its content.") { agent, file, parent, notes };
        command.SetAction((parseResult, cancellationToken) =>
        {
            CreateReleaseRequest request;
            var path = parseResult.GetRequiredValue(file).FullName;
            try
            {
                request = ReleaseFile.Read(path, parseResult.GetRequiredValue(agent), parseResult.GetValue(parent), parseResult.GetValue(notes));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return Task.FromResult(context.Fail(ExitCodes.Usage, e.Message));
            }

            return context.ExecuteAsync(
                parseResult,
                async (client, ct) =>
                {
                    var before = await client.ListReleasesAsync(request.AgentId, cancellationToken: ct);
                    var release = await client.CreateReleaseAsync(request, ct);
                    ReleaseRenderer.RenderCreated(context.Console, release, before.Any(r => r.Id == release.Id));
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var agent = AgentOption();
        var command = new Command("list", "List an agent's releases, newest first, marking the active and last-known-good ones.") { agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetRequiredValue(agent);
                ReleaseRenderer.RenderList(context.Console, await client.ListReleasesAsync(agentId, cancellationToken: ct), await client.GetReleaseStateAsync(agentId, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument.Create("release", "The release id or a prefix of at least 8 characters.");
        var agent = new Option<string>("--agent") { Description = "Resolve the prefix among this agent's releases.", HelpName = "agent-id" };
        var command = new Command("show", "Show a release: model, prompts, tools, policy.") { id, agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                ReleaseRenderer.RenderRelease(context.Console, await client.GetReleaseAsync(parseResult.GetRequiredValue(id), parseResult.GetValue(agent), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Diff(CliContext context)
    {
        var from = IdArgument.Create("from", "The older release.");
        var to = IdArgument.Create("to", "The newer release.");
        var agent = new Option<string>("--agent") { Description = "Resolve prefixes among this agent's releases.", HelpName = "agent-id" };
        var command = new Command("diff", "Show what differs between two releases; prompts are diffed by line.") { from, to, agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetValue(agent);
                var before = await client.GetReleaseAsync(parseResult.GetRequiredValue(from), agentId, ct);
                var after = await client.GetReleaseAsync(parseResult.GetRequiredValue(to), agentId, ct);
                ReleaseRenderer.RenderDiff(context.Console, before.Id, after.Id, await client.DiffReleasesAsync(before.Id, after.Id, agentId, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Activate(CliContext context)
    {
        var id = IdArgument.Create("release", "The release id or a prefix of at least 8 characters.");
        var agent = AgentOption();
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var incident = new Option<string>("--incident") { Description = "The incident the activation belongs to.", HelpName = "incident-id" };
        var overrideGate = new Option<string>("--override-gate") { Description = "Promote although regression cases fail on the release; the reason lands on the timeline.", HelpName = "reason" };
        var wait = WaitOption();
        var command = new Command("activate", "Promote a release to active behind the regression gate; reports which enforcement points confirmed.") { id, agent, reason, incident, overrideGate, wait };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetRequiredValue(agent);
                var request = new ActivateReleaseRequest(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(reason), parseResult.GetValue(incident), parseResult.GetValue(overrideGate));
                try
                {
                    var result = await client.ActivateReleaseAsync(agentId, request, Wait(parseResult.GetValue(wait)), ct);
                    ReleaseRenderer.RenderActivation(context.Console, result);
                    return result.Unconfirmed == 0 ? ExitCodes.Success : ExitCodes.Finding;
                }
                catch (FirebreakApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Title.Contains("regression gate", StringComparison.OrdinalIgnoreCase))
                {
                    var release = await client.GetReleaseAsync(request.ReleaseId, agentId, ct);
                    ReleaseRenderer.RenderGate(context.Console, await client.GetRegressionGateAsync(agentId, release.Id, ct));
                    return context.Fail(ExitCodes.ApiError, e.Message);
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var agent = AgentOption();
        var limit = new Option<int?>("--limit") { Description = "History entries to show (default 20).", HelpName = "n" };
        var command = new Command("status", "Show the agent's active, last-known-good and candidate releases and its activation history.") { agent, limit };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetRequiredValue(agent);
                ReleaseRenderer.RenderState(context.Console, await client.GetReleaseStateAsync(agentId, ct), await client.ListActivationsAsync(agentId, parseResult.GetValue(limit) ?? 20, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    internal static TimeSpan? Wait(int? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
