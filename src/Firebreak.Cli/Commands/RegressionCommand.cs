using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Firebreak.Cli.Rendering;
using Firebreak.Regression;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak regression create|list|run</c>: turn bad runs into cases that gate every promotion.</summary>
internal static class RegressionCommand
{
    public static Command Create(CliContext context) => new("regression", "Regression cases captured from runs, and the gate they put on promotions.")
    {
        CreateCase(context),
        List(context),
        Run(context),
    };

    private static Command CreateCase(CliContext context)
    {
        var run = new Option<string>("--from-run") { Description = "The run to capture: its input, retrieved context and tool responses.", HelpName = "run-id", Required = true };
        var mustNotCall = new Option<string[]>("--must-not-call") { Description = "A tool the replay must not call; repeat for several.", HelpName = "tool" };
        var mustCall = new Option<string[]>("--must-call") { Description = "A tool the replay must call; repeat for several.", HelpName = "tool" };
        var maxAmount = new Option<RegressionAssertion[]>("--max-amount")
        {
            Description = "tool=max: no call of the tool with an amount above max (issue_refund=0).",
            HelpName = "tool=max",
            CustomParser = ParseMaxAmounts,
        };
        var contains = new Option<string[]>("--output-contains") { Description = "Text the final output must contain.", HelpName = "text" };
        var notContains = new Option<string[]>("--output-not-contains") { Description = "Text the final output must not contain.", HelpName = "text" };
        var name = new Option<string>("--name") { Description = "A short name for tables; the run id when omitted." };
        var incident = new Option<string>("--incident") { Description = "The incident the case comes from.", HelpName = "incident-id" };
        var negative = new Option<bool>("--negative")
        {
            Description = "Capture a bad (even toxic) run as what must NOT recur: each recorded call that moved money, or of --negative-tool, becomes a must-not-call-with assertion.",
        };
        var negativeTools = new Option<string[]>("--negative-tool") { Description = "With --negative: forbid the recorded calls of this tool instead of those with an amount (repeatable).", HelpName = "tool" };
        var command = new Command("create", "Capture a run as a replayable regression case with assertions.")
        {
            run, mustNotCall, mustCall, maxAmount, contains, notContains, name, incident, negative, negativeTools,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            List<RegressionAssertion> assertions =
            [
                .. (parseResult.GetValue(mustNotCall) ?? []).Select(t => new RegressionAssertion(AssertionKind.MustNotCall, Tool: t)),
                .. (parseResult.GetValue(mustCall) ?? []).Select(t => new RegressionAssertion(AssertionKind.MustCall, Tool: t)),
                .. parseResult.GetValue(maxAmount) ?? [],
                .. (parseResult.GetValue(contains) ?? []).Select(t => new RegressionAssertion(AssertionKind.OutputContains, Text: t)),
                .. (parseResult.GetValue(notContains) ?? []).Select(t => new RegressionAssertion(AssertionKind.OutputNotContains, Text: t)),
            ];
            var isNegative = parseResult.GetValue(negative);
            var tools = parseResult.GetValue(negativeTools) is { Length: > 0 } named ? named : null;
            if (tools is not null && !isNegative)
            {
                return Task.FromResult(context.Fail(ExitCodes.Usage, "--negative-tool needs --negative"));
            }

            if (assertions.Count == 0 && !isNegative)
            {
                return Task.FromResult(context.Fail(ExitCodes.Usage, "a case needs at least one assertion (--must-not-call, --must-call, --max-amount, --output-contains, --output-not-contains) or --negative"));
            }

            return context.ExecuteAsync(
                parseResult,
                async (client, ct) =>
                {
                    var created = await client.CreateRegressionCaseAsync(
                        new CreateRegressionCaseRequest(
                            parseResult.GetRequiredValue(run), assertions, parseResult.GetValue(name), parseResult.GetValue(incident), isNegative ? true : null, tools),
                        ct);
                    context.Console.WriteLine(
                        $"Created regression case {created.Id} ({created.Name}) for agent {created.AgentId} from run {created.SourceRunId}: " +
                        $"{created.ToolCalls.Count} recorded tool call(s), {created.Context.Count} context step(s); {string.Join("; ", created.Assertions.Select(a => a.Describe()))}");
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var agent = ReleaseCommand.AgentOption();
        var command = new Command("list", "List the agent's regression cases.") { agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var cases = await client.ListRegressionCasesAsync(parseResult.GetRequiredValue(agent), ct);
                foreach (var item in cases)
                {
                    context.Console.WriteLine($"{item.Id}  {item.Name}  from run {item.SourceRunId}  {string.Join("; ", item.Assertions.Select(a => a.Describe()))}");
                }

                context.Console.WriteLine($"{cases.Count} case(s)");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Run(CliContext context)
    {
        var agent = ReleaseCommand.AgentOption();
        var release = new Option<string>("--release") { Description = "The release, by id or a prefix of at least 8 characters.", HelpName = "release", Required = true };
        var command = new Command(
            "run",
            "Show the regression table of a release: each case's latest replay on it (replays run in the agent's own harness, Firebreak.Client RegressionReplay). Exit 1 while the gate is closed.")
        {
            agent, release,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetRequiredValue(agent);
                var found = await client.GetReleaseAsync(parseResult.GetRequiredValue(release), agentId, ct);
                var gate = await client.GetRegressionGateAsync(agentId, found.Id, ct);
                ReleaseRenderer.RenderGate(context.Console, gate);
                return gate.Open ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }

    private static RegressionAssertion[] ParseMaxAmounts(ArgumentResult result)
    {
        var assertions = new List<RegressionAssertion>();
        foreach (var token in result.Tokens)
        {
            var parts = token.Value.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var max))
            {
                result.AddError($"--max-amount '{token.Value}' must be tool=max, such as issue_refund=0");
                return [];
            }

            assertions.Add(new RegressionAssertion(AssertionKind.MaxAmount, Tool: parts[0], Max: max));
        }

        return [.. assertions];
    }
}
