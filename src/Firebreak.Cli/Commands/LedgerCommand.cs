using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Ledger;

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
                return ExitCodeFor(verification);
            },
            cancellationToken));

        return new Command("ledger", "Check the append-only ledger.") { verify };
    }

    public static int ExitCodeFor(LedgerVerification verification) => verification.Valid ? ExitCodes.Success : ExitCodes.Finding;
}
