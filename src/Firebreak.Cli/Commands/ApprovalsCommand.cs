using System.CommandLine;
using Firebreak.Approvals;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak approvals list|approve|deny|rule</c>.</summary>
internal static class ApprovalsCommand
{
    public static Command Create(CliContext context) => new("approvals", "Decide tool calls waiting for a human, and set standing rules.")
    {
        List(context),
        Decide(context, "approve", "Approve a pending call: it may execute once with exactly these arguments.", approve: true),
        Decide(context, "deny", "Deny a pending call.", approve: false),
        Rule(context),
    };

    private static Command List(CliContext context)
    {
        var status = new Option<ApprovalStatus?>("--status") { Description = "pending (the default), approved, denied or expired." };
        var agent = new Option<string>("--agent") { Description = "Only this agent's approvals.", HelpName = "agent-id" };
        var command = new Command("list", "List approvals, pending ones unless --status says otherwise.") { status, agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var approvals = await client.ListApprovalsAsync(parseResult.GetValue(status) ?? ApprovalStatus.Pending, parseResult.GetValue(agent), ct);
                ApprovalRenderer.RenderList(context.Console, approvals);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Decide(CliContext context, string name, string description, bool approve)
    {
        var id = IdArgument.Create("approval-id", "The approval's id.");
        var reason = new Option<string>("--reason") { Description = "Why, for the ledger and the model's message." };
        var incident = new Option<string>("--incident") { Description = "The incident the decision belongs to.", HelpName = "incident-id" };
        var command = new Command(name, description) { id, reason, incident };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new ApprovalDecisionRequest(parseResult.GetValue(reason), parseResult.GetValue(incident));
                var approvalId = parseResult.GetRequiredValue(id);
                var approval = approve
                    ? await client.ApproveAsync(approvalId, request, ct)
                    : await client.DenyAsync(approvalId, request, ct);
                ApprovalRenderer.RenderDecision(context.Console, approval);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Rule(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "The agent.", HelpName = "agent-id", Required = true };
        var tool = new Option<string>("--tool") { Description = "The tool.", Required = true };
        var maxAmount = new Option<decimal?>("--max-amount") { Description = "The largest covered amount, inclusive (needs --amount-argument).", HelpName = "amount" };
        var amountArgument = new Option<string>("--amount-argument") { Description = "The top-level numeric argument --max-amount bounds, such as amount.", HelpName = "name" };
        var duration = DurationOption.Create("--for", "How long the rule lasts");
        duration.Required = true;
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var incident = new Option<string>("--incident") { Description = "The incident the rule is made under.", HelpName = "incident-id" };
        var command = new Command("rule", "Approve calls of one tool automatically for a while, optionally up to an amount.")
        {
            agent, tool, maxAmount, amountArgument, duration, reason, incident,
        };

        // A rule with only one of the two covers nothing (StandingApprovalRule.Covers), which is never what was meant.
        // Presence only: reading the value of an option that failed to parse throws, and its own error is already reported.
        command.Validators.Add(result =>
        {
            if ((result.GetResult(maxAmount) is null) != (result.GetResult(amountArgument) is null))
            {
                result.AddError("--max-amount and --amount-argument go together");
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new StandingRuleRequest(
                    parseResult.GetRequiredValue(agent),
                    parseResult.GetRequiredValue(tool),
                    parseResult.GetValue(duration)!.Value,
                    parseResult.GetRequiredValue(reason),
                    parseResult.GetValue(amountArgument),
                    parseResult.GetValue(maxAmount),
                    parseResult.GetValue(incident));
                ApprovalRenderer.RenderRule(context.Console, await client.CreateStandingRuleAsync(request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
