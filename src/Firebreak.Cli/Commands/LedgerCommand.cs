using System.CommandLine;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak ledger verify</c>: exits with <see cref="ExitCodes.Finding"/> when the hash chain is broken.</summary>
internal static class LedgerCommand
{
    public static Command Create(CliContext context)
    {
        var verify = new Command("verify", $"Recompute the ledger's hash chain; exit code {ExitCodes.Finding} when it is broken.");
        verify.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var verification = await client.VerifyLedgerAsync(ct);
                LedgerRenderer.Render(context.Console, verification);
                return verification.Valid ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));

        return new Command("ledger", "Check the append-only ledger.") { verify };
    }
}
