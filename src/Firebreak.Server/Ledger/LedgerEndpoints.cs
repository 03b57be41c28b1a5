using Firebreak.Ledger;
using Firebreak.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Ledger;

internal static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/ledger").WithTags("Ledger")
            .MapGet("/verify", Verify)
            .WithName("VerifyLedger").WithSummary("Recomputes the hash chain and reports the first broken link, if any.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Ok<LedgerVerification>> Verify(LedgerStore ledger, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.VerifyAsync(cancellationToken));
}
