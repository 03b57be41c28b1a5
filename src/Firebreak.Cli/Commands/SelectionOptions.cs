using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Compensation;
using Firebreak.Ledger;

namespace Firebreak.Cli.Commands;

/// <summary>The options that select actions (<c>--agent</c>, <c>--tool</c>, <c>--since</c>, ...), shared by <c>blast-radius</c> and <c>compensate</c>.</summary>
internal sealed class SelectionOptions
{
    public Option<string[]> Agents { get; } = new("--agent") { Description = "Actions of this agent (repeatable).", HelpName = "agent-id" };

    public Option<string[]> Releases { get; } = new("--release") { Description = "Actions under this release id (repeatable).", HelpName = "release-id" };

    public Option<string[]> Tools { get; } = new("--tool") { Description = "Calls of this tool (repeatable).", HelpName = "tool" };

    public Option<string[]> Outcomes { get; } = new("--outcome") { Description = "Actions with this outcome (repeatable).", HelpName = "outcome" };

    public Option<DateTimeOffset?> Since { get; } = new("--since") { Description = "Recorded at or after this time (ISO 8601).", HelpName = "time" };

    public Option<DateTimeOffset?> Until { get; } = new("--until") { Description = "Recorded before this time (ISO 8601).", HelpName = "time" };

    public Option<string[]> Correlations { get; } = new("--correlation") { Description = "Actions of runs with this correlation id (repeatable).", HelpName = "id" };

    public Option<string[]> Runs { get; } = new("--run") { Description = "Actions of this run (repeatable).", HelpName = "run-id" };

    public Option<string> Incident { get; } = new("--incident") { Description = "Fill agents and window from this incident.", HelpName = "incident-id" };

    public SelectionOptions()
    {
        Outcomes.AcceptOnlyFromAmong(Display.EnumNames<ActionOutcome>());
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Agents, Releases, Tools, Outcomes, Since, Until, Correlations, Runs, Incident })
        {
            command.Options.Add(option);
        }
    }

    public BlastRadiusSelection Read(ParseResult parseResult) => new(
        List(parseResult.GetValue(Agents)),
        List(parseResult.GetValue(Releases)),
        List(parseResult.GetValue(Tools)),
        parseResult.GetValue(Outcomes) is { Length: > 0 } outcomes
            ? [.. outcomes.Select(o => Enum.Parse<ActionOutcome>(o.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true))]
            : null,
        parseResult.GetValue(Since),
        parseResult.GetValue(Until),
        List(parseResult.GetValue(Correlations)),
        List(parseResult.GetValue(Runs)),
        parseResult.GetValue(Incident));

    private static string[]? List(string[]? values) => values is { Length: > 0 } ? values : null;
}
