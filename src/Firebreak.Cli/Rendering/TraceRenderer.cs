using Firebreak.Ledger;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders decision traces as trees: one per run, one node per ledger entry in ledger order.</summary>
internal static class TraceRenderer
{
    private static readonly int KindWidth = LedgerEntryKinds.ActionCompleted.Length;

    public static void Render(IAnsiConsole console, IReadOnlyList<DecisionTrace> traces)
    {
        var correlationIds = traces.Select(t => t.Run.CorrelationId).Distinct(StringComparer.Ordinal).ToList();
        if (traces.Count > 1 && correlationIds.Count == 1)
        {
            console.MarkupLine($"Correlation [bold]{Markup.Escape(correlationIds[0])}[/]: {traces.Count} runs");
        }

        var toolsByKey = TraceItemSummary.ToolsByKey(traces.SelectMany(t => t.Items));
        foreach (var trace in traces)
        {
            console.Write(BuildTree(trace, toolsByKey));
        }
    }

    public static Tree BuildTree(DecisionTrace trace, IReadOnlyDictionary<string, string> toolsByKey)
    {
        var run = trace.Run;
        var tree = new Tree(
            $"[bold]run {Markup.Escape(run.Id)}[/] · agent {Markup.Escape(run.AgentId)} · {RunRenderer.Status(run.Status)}"
            + $" · correlation {Markup.Escape(run.CorrelationId)} · {Display.Time(run.StartedAt)}"
            + $" · {Display.Duration(run.StartedAt, run.EndedAt)}");
        if (trace.Items.Count == 0)
        {
            tree.AddNode("[grey]no entries[/]");
        }

        foreach (var item in trace.Items)
        {
            // The hash sits in a fixed column before the free-length summary, so it stays aligned when lines wrap.
            tree.AddNode(
                $"[grey]{Display.TimeOfDay(item.At)}[/] [{KindColor(item.Kind)}]{Markup.Escape(item.Kind.PadRight(KindWidth))}[/]"
                + $" [grey]#{Markup.Escape(Display.ShortHash(item.Hash))}[/] {Markup.Escape(TraceItemSummary.Describe(item, toolsByKey))}");
        }

        return tree;
    }

    private static string KindColor(string kind) => kind switch
    {
        LedgerEntryKinds.Action or LedgerEntryKinds.ActionCompleted => "yellow",
        LedgerEntryKinds.RunStarted or LedgerEntryKinds.RunEnded => "blue",
        LedgerEntryKinds.ToxicMark => "red",
        _ => "default",
    };
}
