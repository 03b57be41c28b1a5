using System.CommandLine;
using System.CommandLine.Parsing;
using Firebreak.Cli.Rendering;
using Firebreak.Control;
using Firebreak.Registry;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak kill|revoke|shadow|approval|fallback|pause|resume</c>: one verb per containment mode, each changing
/// the mode at the chosen target and reporting which enforcement points confirmed the new epoch.
/// </summary>
internal static class ControlCommand
{
    public static IEnumerable<Command> CreateAll(CliContext context) =>
    [
        Create(context, "kill", "Stop every action of the target: in-flight calls are cancelled.", ControlMode.Killed, toolScopeOnly: false),
        Create(context, "revoke", "Kill named tools or risk classes of an agent (needs --tool or --risk).", ControlMode.Killed, toolScopeOnly: true),
        Create(context, "shadow", "Record risky actions without executing them.", ControlMode.Shadow, toolScopeOnly: false),
        Create(context, "approval", "Require a human to approve each risky action.", ControlMode.Approval, toolScopeOnly: false),
        Create(context, "fallback", "Serve the agent's degraded experience: only read tools run.", ControlMode.Fallback, toolScopeOnly: false),
        Create(context, "pause", "Drain: hold new runs for review while runs in flight finish.", ControlMode.Paused, toolScopeOnly: false),
        Create(context, "resume", "Return the target to normal.", ControlMode.Normal, toolScopeOnly: false),
    ];

    private static Command Create(CliContext context, string name, string description, ControlMode mode, bool toolScopeOnly)
    {
        var agent = new Option<string>("--agent") { Description = "The agent.", HelpName = "agent-id" };
        var tools = new Option<string[]>("--tool") { Description = "A tool of the agent; repeat for several.", HelpName = "tool" };
        var risk = new Option<RiskClass[]>("--risk")
        {
            Description = "Risk classes of the agent's tools, comma-separated (write,financial).",
            HelpName = "classes",
            CustomParser = ParseRisk,
        };
        var global = new Option<bool>("--global") { Description = "Every agent." };
        var reason = new Option<string>("--reason") { Description = "Why; models read it in block messages.", Required = true };
        var incident = new Option<string>("--incident") { Description = "The incident this change contains.", HelpName = "incident-id" };
        var wait = new Option<int?>("--wait") { Description = "How long the server waits for confirmations (0 = do not wait; default 2000).", HelpName = "ms" };
        var command = new Command(name, description) { agent, tools, risk, global, reason, incident, wait };

        // Resuming has no expiry: the server refuses one, so the option is not offered.
        Option<TimeSpan?>? duration = null;
        if (mode != ControlMode.Normal)
        {
            duration = DurationOption.Create("--for", "How long the mode lasts; until changed when omitted");
            command.Options.Add(duration);
        }

        // Presence only: reading the value of an option that failed to parse throws, and its own error is already reported.
        command.Validators.Add(result =>
        {
            var hasTools = result.GetResult(tools) is { Tokens.Count: > 0 };
            var hasRisk = result.GetResult(risk) is { Tokens.Count: > 0 };
            if (TargetProblem(result.GetValue(global), result.GetValue(agent), hasTools, hasRisk, toolScopeOnly) is { } problem)
            {
                result.AddError(problem);
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = BuildRequest(
                    mode,
                    parseResult.GetValue(global),
                    parseResult.GetValue(agent),
                    parseResult.GetValue(tools),
                    parseResult.GetValue(risk),
                    parseResult.GetRequiredValue(reason),
                    parseResult.GetValue(incident),
                    duration is null ? null : parseResult.GetValue(duration));
                var waitMs = parseResult.GetValue(wait);
                var result = await client.ChangeControlAsync(request, waitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ct);
                ControlRenderer.RenderChange(context.Console, result);
                return result.Unconfirmed == 0 ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }

    // The target is always explicit, as the API requires: a forgotten --agent must never widen to every agent.
    private static string? TargetProblem(bool global, string? agent, bool hasTools, bool hasRisk, bool toolScopeOnly)
    {
        if (global)
        {
            return agent is not null || hasTools || hasRisk || toolScopeOnly
                ? "--global reaches every agent and takes no --agent, --tool or --risk (revoke needs --tool or --risk)"
                : null;
        }

        if (hasTools && hasRisk)
        {
            return "give --tool or --risk, not both";
        }

        if (toolScopeOnly && !hasTools && !hasRisk)
        {
            return "revoke needs --tool or --risk";
        }

        return string.IsNullOrWhiteSpace(agent)
            ? "a target is required: --agent (with --tool or --risk to narrow it) or --global"
            : null;
    }

    private static ControlChangeRequest BuildRequest(
        ControlMode mode, bool global, string? agent, string[]? tools, RiskClass[]? risk, string reason, string? incident, TimeSpan? duration)
    {
        if (global)
        {
            return new ControlChangeRequest(ControlTarget.Global, reason, mode, IncidentId: incident, For: duration);
        }

        if (tools is { Length: > 0 })
        {
            return new ControlChangeRequest(ControlTarget.Tools, reason, mode, agent, Tools: tools, IncidentId: incident, For: duration);
        }

        return risk is { Length: > 0 }
            ? new ControlChangeRequest(ControlTarget.Risk, reason, mode, agent, Risk: risk, IncidentId: incident, For: duration)
            : new ControlChangeRequest(ControlTarget.Agent, reason, mode, agent, IncidentId: incident, For: duration);
    }

    private static RiskClass[] ParseRisk(ArgumentResult result)
    {
        var classes = new List<RiskClass>();
        foreach (var name in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            // Enum.TryParse also takes numbers and undefined values; only the names an operator reads in `agents show` count.
            if (!name.All(char.IsAsciiLetter) || !Enum.TryParse<RiskClass>(name, ignoreCase: true, out var riskClass))
            {
                result.AddError($"'{name}' is not a risk class: use {string.Join(", ", Display.EnumNames<RiskClass>())}");
                return [];
            }

            classes.Add(riskClass);
        }

        return [.. classes.Distinct()];
    }
}
