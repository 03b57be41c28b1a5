using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Held;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak held list|release|discard</c>: review the run inputs a pause held back.</summary>
internal static class HeldCommand
{
    public static Command Create(CliContext context) => new("held", "Review run inputs held while an agent was paused.")
    {
        List(context),
        Decide(context, "release", "Release a held input: the agent's enforcement points run it.", release: true),
        Decide(context, "discard", "Discard a held input.", release: false),
    };

    private static Command List(CliContext context)
    {
        var status = new Option<HeldItemStatus?>("--status") { Description = "held (the default), released, delivered or discarded." };
        var agent = new Option<string>("--agent") { Description = "Only this agent's items.", HelpName = "agent-id" };
        var command = new Command("list", "List held inputs, those awaiting review unless --status says otherwise.") { status, agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var items = await client.ListHeldAsync(parseResult.GetValue(status) ?? HeldItemStatus.Held, parseResult.GetValue(agent), ct);
                HeldRenderer.RenderList(context.Console, items);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Decide(CliContext context, string name, string description, bool release)
    {
        var id = IdArgument.Create("held-id", "The held item's id.");
        var reason = new Option<string>("--reason") { Description = "Why, for the ledger." };
        var incident = new Option<string>("--incident") { Description = "The incident the decision belongs to.", HelpName = "incident-id" };
        var command = new Command(name, description) { id, reason, incident };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new HeldDecisionRequest(parseResult.GetValue(reason), parseResult.GetValue(incident));
                var heldId = parseResult.GetRequiredValue(id);
                var item = release
                    ? await client.ReleaseHeldAsync(heldId, request, ct)
                    : await client.DiscardHeldAsync(heldId, request, ct);
                HeldRenderer.RenderDecision(context.Console, item);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
