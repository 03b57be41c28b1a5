using System.Globalization;
using Firebreak.Compensation;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders compensation runs: the plan or result table, actions other runs hold, failures and the integrity report.</summary>
internal static class CompensationRenderer
{
    public static void RenderRun(IAnsiConsole console, CompensationRun run)
    {
        var p = run.Progress;
        console.MarkupLine(
            $"[bold]{Markup.Escape(run.Id)}[/] {Display.Name(run.Status)} · {p.Total} items: {p.Planned} planned, {p.Started} started, {p.Done} done, [red]{p.Failed} failed[/], {p.Skipped} skipped");
    }

    public static void RenderDetail(IAnsiConsole console, CompensationRunDetail detail)
    {
        RenderRun(console, detail.Run);
        if (detail.Items.Count > 0)
        {
            var table = new Table().AddColumns("Seq", "Tool", "Entities", "Amount", "Compensation", "State", "Note");
            foreach (var item in detail.Items)
            {
                table.AddRow(
                    item.ActionSeq.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(item.Tool),
                    Markup.Escape(string.Join(' ', item.Entities)),
                    item.Amount is { } amount ? Display.Amount(amount, item.Currency) : "-",
                    Markup.Escape($"{Display.Name(item.Kind)} {item.Target ?? string.Empty}".Trim()),
                    State(item.State),
                    Markup.Escape(item.Error ?? item.VerifyDetail ?? (item.Verified == true ? "verified" : string.Empty)));
            }

            console.Write(table);
        }

        if (detail.Hooks.Count > 0)
        {
            var hooks = new Table().AddColumns("Hook", "Agent", "Scope", "Calls", "State", "Note");
            foreach (var hook in detail.Hooks)
            {
                hooks.AddRow(
                    Markup.Escape(hook.Tool),
                    Markup.Escape(hook.AgentId),
                    Markup.Escape(hook.Source ?? $"written in [{hook.Since:O}, {hook.Until:O})"),
                    Markup.Escape(hook.Target),
                    State(hook.State),
                    Markup.Escape(hook.Error ?? hook.VerifyDetail ?? (hook.Verified == true ? "verified" : string.Empty)));
            }

            console.Write(hooks);
        }

        if (detail.AlreadyCompensated.Count > 0)
        {
            console.MarkupLine($"[yellow]{detail.AlreadyCompensated.Count} selected actions are held by other runs:[/]");
            foreach (var held in detail.AlreadyCompensated)
            {
                console.MarkupLine($"  {held.ActionSeq} {Markup.Escape(held.Tool)} {Markup.Escape(held.IdempotencyKey)} → {Markup.Escape(held.RunId)} ({Display.Name(held.State)})");
            }
        }

        foreach (var failed in detail.Failed)
        {
            console.MarkupLine($"[red]failed[/] {failed.ActionSeq} {Markup.Escape(failed.Tool)} after {failed.Attempts} attempts: {Markup.Escape(failed.Error ?? "-")}");
        }

        if (detail.Run.Status == CompensationRunStatus.Completed)
        {
            var integrity = detail.Integrity;
            console.MarkupLine(
                $"Integrity: {integrity.Verified}/{integrity.Checked} verified, {integrity.Unverifiable} without verification, {(integrity.Mismatches.Count == 0 ? "[green]0 mismatches[/]" : $"[red]{integrity.Mismatches.Count} mismatches[/]")}");
            foreach (var mismatch in integrity.Mismatches)
            {
                console.MarkupLine($"  [red]{mismatch.ActionSeq}[/] {Markup.Escape(mismatch.Tool)} {Markup.Escape(string.Join(' ', mismatch.Entities))}: {Markup.Escape(mismatch.Detail)}");
            }

            console.MarkupLine(integrity.PolicyHits.Count == 0 ? "Guardrail hits in the window: [green]none[/]" : "Guardrail hits in the window:");
            foreach (var hit in integrity.PolicyHits)
            {
                console.MarkupLine($"  {Markup.Escape(hit.AgentId)} {Markup.Escape(hit.Guardrail)} ({Display.Name(hit.Category)}): {Display.Name(hit.Verdict)} × {hit.Count}");
            }
        }
    }

    private static string State(CompensationItemState state) => state switch
    {
        CompensationItemState.Done => $"[green]{Display.Name(state)}[/]",
        CompensationItemState.Failed => $"[red]{Display.Name(state)}[/]",
        CompensationItemState.Started => $"[yellow]{Display.Name(state)}[/]",
        _ => Display.Name(state),
    };
}
