using System.CommandLine;
using System.Text.Json;
using Firebreak.Cli.Rendering;
using Firebreak.Ledger;
using Firebreak.Serialization;
using NSec.Cryptography;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak ledger verify|anchor|anchor-key create</c>: the full audit (exit code <see cref="ExitCodes.Finding"/>
/// when the chain, a kept anchor or a derived table disagrees), signing the head on demand, and creating the signing key.
/// </summary>
internal static class LedgerCommand
{
    public static Command Create(CliContext context)
    {
        var anchorsFile = new Option<FileInfo?>("--anchors")
        {
            Description = "A JSON-lines file of anchors collected outside the server (the file sink, or 'firebreak ledger anchor' output).",
        };
        var publicKey = new Option<string?>("--public-key") { Description = "The pinned Ed25519 public key (base64) the anchors must be signed with; default: the server's." };
        var verify = new Command(
            "verify",
            $"Recompute the hash chain, check it against kept anchors and check the derived tables (actions, entities, run status, toxic marks; "
            + $"a toxic mark made before marks were ledgered shows as a row with no entry); exit code {ExitCodes.Finding} when anything disagrees.")
        {
            anchorsFile, publicKey,
        };
        verify.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var anchors = parseResult.GetValue(anchorsFile) is { } file ? await ReadAnchorsAsync(file, ct) : [];
                var audit = await client.AuditLedgerAsync(new LedgerAuditRequest(anchors, parseResult.GetValue(publicKey)), ct);
                LedgerRenderer.Render(context.Console, audit);
                return ExitCodeFor(audit);
            },
            cancellationToken));

        var anchor = new Command("anchor", "Sign the ledger head now; prints the anchor as one JSON line to keep outside the server (e.g. >> anchors.jsonl).");
        anchor.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var signed = await client.AnchorLedgerAsync(ct);
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(signed, FirebreakJson.Options));
                return ExitCodes.Success;
            },
            cancellationToken));

        var keyFile = new Argument<FileInfo>("file") { Description = "Where to write the private key; it must not exist yet." };
        var create = new Command("create", "Create an Ed25519 anchor signing key file (for Firebreak:Ledger:AnchorKeyFile) and print its public key.") { keyFile };
        create.SetAction(parseResult => CreateKey(context, parseResult.GetRequiredValue(keyFile)));

        return new Command("ledger", "Check the append-only ledger and sign its head.") { verify, anchor, new Command("anchor-key", "Manage the anchor signing key.") { create } };
    }

    public static int ExitCodeFor(LedgerAudit audit) => audit.Valid ? ExitCodes.Success : ExitCodes.Finding;

    private static async Task<IReadOnlyList<LedgerAnchor>> ReadAnchorsAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var anchors = new List<LedgerAnchor>();
        foreach (var line in await File.ReadAllLinesAsync(file.FullName, cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                anchors.Add(JsonSerializer.Deserialize<LedgerAnchor>(line, FirebreakJson.Options)
                    ?? throw new InvalidDataException($"{file.Name}: a line is not an anchor."));
            }
        }

        return anchors;
    }

    private static int CreateKey(CliContext context, FileInfo file)
    {
        if (file.Exists)
        {
            context.Error.WriteLine($"{file.FullName} exists; refusing to overwrite a signing key.");
            return ExitCodes.Usage;
        }

        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(file.FullName, System.Text.Encoding.ASCII, options))
        {
            writer.WriteLine(Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)));
        }

        context.Console.Profile.Out.Writer.WriteLine(Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        return ExitCodes.Success;
    }
}
