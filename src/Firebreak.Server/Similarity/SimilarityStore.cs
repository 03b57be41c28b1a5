using System.Collections.Concurrent;
using System.Data.Common;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Similarity;

namespace Firebreak.Server.Similarity;

/// <summary>
/// Finds the runs whose failure signature equals or comes closest to a run's. Exact matches come from the hash index;
/// close ones from the signatures sharing a MinHash band, plus the agent's newest signatures, scored in memory. The
/// work is bounded by <see cref="MaxCandidates"/> distinct signatures and the page size, never by the number of runs.
/// </summary>
internal sealed class SimilarityStore(Database database, LedgerStore ledger)
{
    /// <summary>The most distinct signatures scored per search.</summary>
    public const int MaxCandidates = 1000;

    /// <summary>How many of the agent's newest signatures are scored besides those sharing a band.</summary>
    public const int AgentCandidates = 200;

    /// <summary>
    /// Signatures scoring below this are not listed. Two clean completed runs of one agent that share no tool and no
    /// argument shape score 0.35 (agent, failure class, guardrails and outcome agree), so anything listed shares at least
    /// part of what the run did.
    /// </summary>
    public const double MinScore = 0.4;

    /// <summary>How many parsed signatures are kept; signatures are content-addressed by hash, so an entry never goes stale.</summary>
    public const int CachedSignatures = 100_000;

    private readonly ConcurrentDictionary<string, RunSignature> _parsed = new(StringComparer.Ordinal);

    private static readonly string BandsSql =
        "SELECT hash, signature FROM run_signatures WHERE hash IN (SELECT hash FROM run_signature_bands WHERE band_key IN (" +
        string.Join(", ", Enumerable.Range(0, SignatureBands.Count).Select(i => $"@b{i}")) + ")) LIMIT @cap";

    /// <summary>The runs closest to <paramref name="runId"/>'s signature; <see langword="null"/> when the run does not exist.</summary>
    public async Task<SimilarRuns?> FindAsync(string runId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var signature = await StoredSignatureAsync(connection, runId, cancellationToken) ?? await TraceSignatureAsync(runId, cancellationToken);
        if (signature is null)
        {
            return null;
        }

        var candidates = await CandidatesAsync(connection, signature, cancellationToken);
        var ranked = candidates
            .Select(c => (Signature: c, Similarity: RunSignatureComparer.Compare(signature, c)))
            .Where(c => c.Similarity.Score >= MinScore)
            .OrderByDescending(c => c.Similarity.Score)
            .ThenBy(c => c.Signature.Hash, StringComparer.Ordinal);
        var runs = new List<SimilarRun>(limit);
        foreach (var (candidate, similarity) in ranked)
        {
            if (runs.Count >= limit)
            {
                break;
            }

            await using var command = connection.CreateCommand(
                "SELECT run_id, agent_id, started_at FROM run_signature_runs WHERE hash = @hash AND run_id <> @run ORDER BY started_at DESC, run_id DESC LIMIT @limit");
            command.AddParameter("hash", candidate.Hash);
            command.AddParameter("run", runId);
            command.AddParameter("limit", limit - runs.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                runs.Add(new SimilarRun(
                    reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), candidate.Hash,
                    similarity.Score, similarity.SameSignature, similarity.Matched, similarity.Parts, candidate.Tools, []));
            }
        }

        var incidents = await IncidentLinks.FindAsync(connection, runs, cancellationToken);
        var listed = runs.Select(r => r with { Incidents = incidents.ByRun.TryGetValue(r.RunId, out var ids) ? ids : [] }).ToList();
        return new SimilarRuns(runId, signature, signature.Hash, listed, incidents.Incidents);
    }

    private async Task<RunSignature?> StoredSignatureAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            "SELECT s.hash, s.signature FROM run_signature_runs r JOIN run_signatures s ON s.hash = r.hash WHERE r.run_id = @run");
        command.AddParameter("run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Parsed(reader.GetString(0), reader.GetString(1)) : null;
    }

    private RunSignature Parsed(string hash, string canonical)
    {
        if (_parsed.TryGetValue(hash, out var signature))
        {
            return signature;
        }

        if (_parsed.Count >= CachedSignatures)
        {
            _parsed.Clear();
        }

        return _parsed[hash] = RunSignature.Parse(canonical);
    }

    /// <summary>A run still running, or one that ended before signatures were stored: its signature so far, from its trace.</summary>
    private async Task<RunSignature?> TraceSignatureAsync(string runId, CancellationToken cancellationToken)
    {
        if (await ledger.GetTraceAsync(runId, cancellationToken) is not { } trace)
        {
            return null;
        }

        var builder = new RunSignatureBuilder();
        foreach (var item in trace.Items)
        {
            TraceSignatures.Add(builder, item.Kind, item.Payload);
        }

        return builder.Build(trace.Run.AgentId, trace.Run.Status);
    }

    private async Task<IReadOnlyCollection<RunSignature>> CandidatesAsync(DbConnection connection, RunSignature signature, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<string, RunSignature>(StringComparer.Ordinal) { [signature.Hash] = signature };
        await using (var command = connection.CreateCommand(BandsSql))
        {
            var bands = SignatureBands.Of(signature);
            for (var i = 0; i < bands.Length; i++)
            {
                command.AddParameter($"b{i}", bands[i]);
            }

            command.AddParameter("cap", MaxCandidates);
            await ReadSignaturesAsync(command, candidates, cancellationToken);
        }

        await using (var command = connection.CreateCommand(
            "SELECT hash, signature FROM run_signatures WHERE agent_id = @agent ORDER BY first_seen_at DESC LIMIT @cap"))
        {
            command.AddParameter("agent", signature.AgentId);
            command.AddParameter("cap", AgentCandidates);
            await ReadSignaturesAsync(command, candidates, cancellationToken);
        }

        return candidates.Values;
    }

    private async Task ReadSignaturesAsync(DbCommand command, Dictionary<string, RunSignature> candidates, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hash = reader.GetString(0);
            if (!candidates.ContainsKey(hash) && hash.StartsWith($"v{RunSignature.Version}:", StringComparison.Ordinal))
            {
                candidates[hash] = Parsed(hash, reader.GetString(1));
            }
        }
    }
}
