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
}
