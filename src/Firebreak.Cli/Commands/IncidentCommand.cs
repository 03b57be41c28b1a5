using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Incidents;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak incident declare|list|show|status|ack|severity|assign|note|update|postmortem|actions</c>.</summary>
internal static class IncidentCommand
{
    public static Command Create(CliContext context) => new("incident", "Declare and run incidents.")
    {
        Declare(context),
        List(context),
        Show(context),
        Status(context),
        Ack(context),
        Severity(context),
        Assign(context),
        Note(context),
        Update(context),
        Postmortem(context),
        Actions(context),
    };

    private static Command Declare(CliContext context)
    {
        var title = new Option<string>("--title") { Description = "A few words saying what is wrong.", Required = true };
        var agents = new Option<string[]>("--agent") { Description = "An agent involved; repeat for several.", Required = true, HelpName = "agent-id" };
        var failure = new Option<string>("--failure-class") { Description = "Why the agent failed.", Required = true };
        failure.AcceptOnlyFromAmong([.. FailureClassNames.All]);
        var severity = new Option<string>("--severity") { Description = "SEV1-SEV4, P0-P3 or critical, high, medium, low.", Required = true };
        var commander = new Option<string>("--commander") { Description = "Who leads the response.", Required = true };
        var tool = new Option<string>("--tool") { Description = "The tool at the centre of the failure." };
        var command = new Command("declare", "Declare an incident.") { title, agents, failure, severity, commander, tool };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new DeclareIncidentRequest(
                    parseResult.GetRequiredValue(title),
                    parseResult.GetRequiredValue(agents),
                    FailureClassNames.Parse(parseResult.GetRequiredValue(failure)),
                    parseResult.GetRequiredValue(commander),
                    parseResult.GetRequiredValue(severity),
                    Tool: parseResult.GetValue(tool));
                IncidentRenderer.RenderDeclared(context.Console, await client.DeclareIncidentAsync(request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command List(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "Only incidents involving this agent.", HelpName = "agent-id" };
        var status = new Option<IncidentStatus?>("--status") { Description = "Only incidents in this status." };
        var severity = new Option<string>("--severity") { Description = "Only incidents of this severity." };
        var limit = new Option<int?>("--limit") { Description = "At most this many incidents.", HelpName = "n" };
        var command = new Command("list", "List incidents, newest first.") { agent, status, severity, limit };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                IncidentRenderer.RenderList(context.Console, await client.ListIncidentsAsync(
                    parseResult.GetValue(agent), parseResult.GetValue(status), parseResult.GetValue(severity), parseResult.GetValue(limit), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = Id();
        var command = new Command("show", "Show an incident, its timeline and what is overdue.") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                IncidentRenderer.RenderDetail(context.Console, await client.GetIncidentAsync(parseResult.GetRequiredValue(id), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var id = Id();
        var status = new Argument<IncidentStatus>("status") { Description = "investigating, mitigated, resolved or closed." };
        var note = new Option<string>("--note") { Description = "Why, for the timeline." };
        var command = new Command("status", "Move an incident to another status.") { id, status, note };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new ChangeStatusRequest(parseResult.GetValue(status), parseResult.GetValue(note));
                IncidentRenderer.RenderIncident(context.Console, await client.ChangeIncidentStatusAsync(parseResult.GetRequiredValue(id), request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Ack(CliContext context)
    {
        var id = Id();
        var command = new Command("ack", "Acknowledge an incident's page: its repeats and escalations stop.") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                IncidentRenderer.RenderPage(context.Console, await client.AcknowledgeIncidentPageAsync(parseResult.GetRequiredValue(id), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Severity(CliContext context)
    {
        var id = Id();
        var severity = new Argument<string>("severity") { Description = "SEV1-SEV4, P0-P3 or critical, high, medium, low." };
        var reason = new Option<string>("--reason") { Description = "Why the severity changes.", Required = true };
        var command = new Command("severity", "Change an incident's severity.") { id, severity, reason };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new ChangeSeverityRequest(parseResult.GetRequiredValue(severity), parseResult.GetRequiredValue(reason));
                IncidentRenderer.RenderIncident(context.Console, await client.ChangeIncidentSeverityAsync(parseResult.GetRequiredValue(id), request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Assign(CliContext context)
    {
        var id = Id();
        var commander = new Option<string>("--commander") { Description = "The new commander." };
        var scribe = new Option<string>("--scribe") { Description = "The new scribe." };
        var responders = new Option<string[]>("--responder") { Description = "A responder; repeat for several (replaces the list)." };
        var command = new Command("assign", "Change commander, scribe or responders.") { id, commander, scribe, responders };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var list = parseResult.GetValue(responders);
                var request = new AssignRolesRequest(parseResult.GetValue(commander), parseResult.GetValue(scribe), list is { Length: > 0 } ? list : null);
                IncidentRenderer.RenderIncident(context.Console, await client.AssignIncidentRolesAsync(parseResult.GetRequiredValue(id), request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Note(CliContext context)
    {
        var id = Id();
        var text = new Argument<string>("text") { Description = "The note; corrections are new notes." };
        var command = new Command("note", "Add a note to the timeline.") { id, text };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var entry = await client.AddIncidentNoteAsync(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(text), ct);
                context.Console.MarkupLine($"Note #{entry.Seq} added.");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Update(CliContext context)
    {
        var id = Id();
        var channel = new Option<CommunicationChannel>("--channel") { Description = "internal, customer or chat.", Required = true };
        var impact = new Option<string>("--impact") { Description = "Who and what is affected.", Required = true };
        var action = new Option<string>("--action") { Description = "What is being done right now.", Required = true };
        var eta = new Option<string>("--eta") { Description = "An honest estimate of resolution." };
        var workaround = new Option<string>("--workaround") { Description = "What customers can do meanwhile." };
        var command = new Command("update", "Render a status update from the channel's template and record it as sent.") { id, channel, impact, action, eta, workaround };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new SendCommunicationRequest(
                    parseResult.GetValue(channel), parseResult.GetRequiredValue(impact), parseResult.GetRequiredValue(action),
                    parseResult.GetValue(eta), parseResult.GetValue(workaround));
                IncidentRenderer.RenderCommunication(context.Console, await client.SendIncidentUpdateAsync(parseResult.GetRequiredValue(id), request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Postmortem(CliContext context)
    {
        var id = Id();
        var command = new Command("postmortem", "Print the postmortem as Markdown.") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                context.Console.Write(new Text(await client.GetPostmortemAsync(parseResult.GetRequiredValue(id), ct)));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Actions(CliContext context)
    {
        var id = Id();
        var add = new Option<string>("--add") { Description = "Add an action item with this text (needs --owner and --due)." };
        var owner = new Option<string>("--owner") { Description = "Who answers for the new item." };
        var due = new Option<DateOnly?>("--due") { Description = "When the new item is due (yyyy-mm-dd).", HelpName = "date" };
        var command = new Command("actions", "List an incident's action items, or add one.") { id, add, owner, due };
        command.Validators.Add(result =>
        {
            if (result.GetValue(add) is not null && (result.GetValue(owner) is null || result.GetValue(due) is null))
            {
                result.AddError("--add needs --owner and --due");
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var incidentId = parseResult.GetRequiredValue(id);
                if (parseResult.GetValue(add) is { } text)
                {
                    await client.AddIncidentActionItemAsync(
                        incidentId, new ActionItemRequest(text, parseResult.GetValue(owner)!, parseResult.GetValue(due)!.Value), ct);
                }

                IncidentRenderer.RenderActionItems(context.Console, await client.ListIncidentActionItemsAsync(incidentId, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Argument<string> Id() => IdArgument.Create("incident-id", "The incident's id, such as INC-7.");
}
