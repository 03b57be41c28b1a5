using System.Text.RegularExpressions;
using Firebreak.Ledger;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Ledger;

internal static partial class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/ledger").WithTags("Ledger");
        var read = group.Requiring(Policies.Read);
        var operate = group.Requiring(Policies.Operate);
        read.MapGet("/verify", Verify)
            .WithName("VerifyLedger")
            .WithSummary("Verifies the hash chain from the last entry this node verified (or from the checkpoint with full=true) and reports the first broken link, if any.");
        operate.MapPost("/verify", Audit)
            .WithName("AuditLedger")
            .WithSummary("Full audit: the hash chain, the submitted anchors (checked against the pinned public key) and the derived tables against the ledger entries.");
        read.MapGet("/anchors", ListAnchors)
            .WithName("ListLedgerAnchors").WithSummary("The most recent signed anchors, newest first (a copy: verification uses anchors kept elsewhere).");
        operate.MapPost("/anchors", Anchor)
            .WithName("AnchorLedger").WithSummary("Signs the ledger head now and publishes the anchor.");
        read.MapGet("/anchors/key", AnchorPublicKey)
            .WithName("GetLedgerAnchorKey").WithSummary("The Ed25519 public key anchors are signed with, to pin.");
        return app;
    }

    private static async Task<Ok<LedgerVerification>> Verify(LedgerStore ledger, CancellationToken cancellationToken, bool full = false) =>
        TypedResults.Ok(full ? await ledger.VerifyAsync(cancellationToken) : await ledger.VerifyIncrementallyAsync(cancellationToken));

    private static async Task<Results<Ok<LedgerAudit>, ValidationProblem, ProblemHttpResult>> Audit(
        LedgerAuditRequest request, LedgerAuditor auditor, LedgerAnchors anchors, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var submitted = request.Anchors ?? [];
        for (var i = 0; i < submitted.Count; i++)
        {
            if (submitted[i] is not { Seq: >= 0, Hash: { } hash } anchor || !HashPattern().IsMatch(hash)
                || string.IsNullOrEmpty(anchor.PublicKey) || string.IsNullOrEmpty(anchor.Signature))
            {
                errors.Add($"anchors[{i}]", "An anchor needs seq (0 or more), a 64-character hex hash, publicKey and signature.");
            }
        }

        if (request.PublicKey is { } pinned && !IsPublicKey(pinned))
        {
            errors.Add("publicKey", "The public key must be the base64 of 32 bytes.");
        }

        if (request.MaxMismatches is < 1 or > 1_000)
        {
            errors.Add("maxMismatches", "Between 1 and 1000.");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var publicKey = request.PublicKey ?? anchors.PublicKey;
        if (publicKey is null && submitted.Count > 0)
        {
            return Problems.Conflict("Anchoring is off on this server and no publicKey was given: there is no key to check the anchors' signatures against.");
        }

        return TypedResults.Ok(await auditor.AuditAsync(submitted, publicKey, request.MaxMismatches ?? 50, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<LedgerAnchor>>> ListAnchors(LedgerAnchors anchors, CancellationToken cancellationToken) =>
        TypedResults.Ok(await anchors.ListAsync(cancellationToken));

    private static async Task<Results<Ok<LedgerAnchor>, ProblemHttpResult>> Anchor(LedgerAnchors anchors, CancellationToken cancellationToken) =>
        await anchors.AnchorAsync(onlyIfMoved: false, cancellationToken) is { } anchor
            ? TypedResults.Ok(anchor)
            : Problems.Conflict(AnchoringOff);

    private static Results<Ok<LedgerAnchorKey>, ProblemHttpResult> AnchorPublicKey(LedgerAnchors anchors) =>
        anchors.PublicKey is { } key ? TypedResults.Ok(new LedgerAnchorKey("ed25519", key)) : Problems.NotFound(AnchoringOff);

    private const string AnchoringOff =
        "Ledger anchoring is off: configure Firebreak:Ledger:AnchorKeyFile (created with 'firebreak ledger anchor-key create <file>') or Firebreak:Ledger:AnchorKey.";

    private static bool IsPublicKey(string text)
    {
        Span<byte> bytes = stackalloc byte[48];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
