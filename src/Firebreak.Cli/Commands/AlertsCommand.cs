using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Detection;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak alerts list|show|ack|resolve</c>: what the detectors raised, with its evidence.</summary>
internal static class AlertsCommand
{
    public static Command Create(CliContext context) => new("alerts", "See and handle the alerts raised by detectors.")
    {
        List(context),
        Show(context),
        Change(context, "ack", "Acknowledge an alert: you have it; repeats keep updating it.", resolve: false),
        Change(context, "resolve", "Resolve an alert: the same finding raises a new alert afterwards.", resolve: true),
    };

    private static Command List(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "Only this agent's alerts.", HelpName = "agent-id" };
        var status = new Option<AlertStatus?>("--status") { Description = "open, acknowledged or resolved." };
        var since = DurationOption.Create("--since", "Only alerts seen within this long, such as 15m or 2h.");
        var limit = new Option<int>("--limit") { Description = "At most this many (1 to 500).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List alerts, newest first.") { agent, status, since, limit };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var from = parseResult.GetValue(since) is { } window ? TimeProvider.System.GetUtcNow() - window : (DateTimeOffset?)null;
                var alerts = await client.ListAlertsAsync(parseResult.GetValue(agent), parseResult.GetValue(status), from, parseResult.GetValue(limit), ct);
                AlertRenderer.RenderList(context.Console, alerts);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument.Create("alert-id", "The alert's id.");
        var command = new Command("show", "Show one alert with its evidence: the runs and actions involved.") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                AlertRenderer.RenderDetail(context.Console, await client.GetAlertAsync(parseResult.GetRequiredValue(id), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Change(CliContext context, string name, string description, bool resolve)
    {
        var id = IdArgument.Create("alert-id", "The alert's id.");
        var command = new Command(name, description) { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var alertId = parseResult.GetRequiredValue(id);
                var alert = resolve ? await client.ResolveAlertAsync(alertId, ct) : await client.AcknowledgeAlertAsync(alertId, ct);
                AlertRenderer.RenderDetail(context.Console, alert);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
