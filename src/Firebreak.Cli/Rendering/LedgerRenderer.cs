using Firebreak.Ledger;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders the result of a ledger verification.</summary>
internal static class LedgerRenderer
{
    public static void Render(IAnsiConsole console, LedgerVerification verification)
    {
        var checkpoint = verification.CheckpointSeq is { } seq ? $", starting after checkpoint seq {seq}" : string.Empty;
        if (verification.Valid)
        {
            console.MarkupLine($"[green]OK[/]: {verification.EntriesChecked} entries checked{checkpoint}; the hash chain is intact.");
            return;
        }

        var at = verification.FirstBrokenSeq is { } broken ? $" at seq {broken}" : string.Empty;
        var reason = Markup.Escape(verification.Reason ?? "no reason given");
        console.MarkupLine($"[red]BROKEN[/]{at}: {reason} ({verification.EntriesChecked} entries checked{checkpoint}).");
    }

    /// <summary>The chain line, then one line per anchor that is not a plain match, then the derived-table mismatches.</summary>
    public static void Render(IAnsiConsole console, LedgerAudit audit)
    {
        Render(console, audit.Chain);
        var matched = audit.Anchors.Count(a => a.Status == AnchorStatus.Matches);
        console.MarkupLine($"Anchors: {matched} of {audit.Anchors.Count} match{(audit.CheckpointSigned is { } signed ? $"; retention checkpoint {(signed ? "signed" : "[yellow]not signed[/]")}" : string.Empty)}.");
        foreach (var anchor in audit.Anchors.Where(a => a.Status != AnchorStatus.Matches))
        {
            var colour = anchor.Status == AnchorStatus.Pruned ? "yellow" : "red";
            var status = anchor.Status == AnchorStatus.Pruned ? "PRUNED, cannot check" : anchor.Status.ToString().ToUpperInvariant();
            console.MarkupLine($"  [{colour}]{status}[/] anchor at seq {anchor.Seq} ({anchor.AnchoredAt:u}): {Markup.Escape(anchor.Detail ?? string.Empty)}");
        }

        if (audit.FirstDisagreeingSeq is { } first)
        {
            console.MarkupLine($"[red]First entry that disagrees: seq {first}[/]");
        }

        console.MarkupLine(audit.MismatchCount == 0
            ? $"Derived tables: {audit.RowsChecked} rows agree with the ledger."
            : $"[red]Derived tables: {audit.MismatchCount} mismatches[/] in {audit.RowsChecked} rows checked:");
        foreach (var mismatch in audit.Mismatches)
        {
            console.MarkupLine(Markup.Escape($"  {mismatch.Table} {mismatch.Id}: stored {mismatch.Stored ?? "(none)"}, ledger {mismatch.Ledger ?? "(none)"}"));
        }
    }
}
