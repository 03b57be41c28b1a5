using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Similarity;

namespace Firebreak.Server.Similarity;

/// <summary>
/// Writes a run's signature in the batch that ends the run, so every ended run is findable by hash and bands with no
/// window in which it is not. Only the run's own entries are read (through the run index), and a signature seen
/// before costs one lookup and one row.
/// </summary>
internal static class RunSignatureRows
{
    private static readonly RowInsert RunRows = new("run_signature_runs", "run_id", "hash", "agent_id", "started_at");

    private static readonly RowInsert BandRows = new("run_signature_bands", "band_key", "hash");

    public static RunSignature Record(WriteContext context, RunRecord run, RunStatus outcome)
    {
        var builder = new RunSignatureBuilder();
        using (var reader = context.Query(
            "SELECT kind, payload FROM ledger_entries WHERE run_id = @run AND kind IN ('step', 'action', 'action_completed') ORDER BY seq",
            ("run", run.Id)))
        {
            while (reader.Read())
            {
                using var payload = JsonDocument.Parse(reader.GetString(1));
                TraceSignatures.Add(builder, reader.GetString(0), payload.RootElement);
            }
        }

        var signature = builder.Build(run.AgentId, outcome);
        var hash = signature.Hash;
        if (context.Scalar("SELECT 1 FROM run_signatures WHERE hash = @hash", ("hash", hash)) is null)
        {
            context.Execute(
                "INSERT INTO run_signatures (hash, agent_id, signature, first_seen_at) VALUES (@hash, @agent, @signature, @at)",
                ("hash", hash), ("agent", run.AgentId), ("signature", signature.Canonical()), ("at", context.NowMs));
            foreach (var band in SignatureBands.Of(signature).Distinct())
            {
                context.Insert(BandRows, band, hash);
            }
        }

        context.Insert(RunRows, run.Id, hash, run.AgentId, run.StartedAt.ToUnixTimeMilliseconds());
        return signature;
    }
}
