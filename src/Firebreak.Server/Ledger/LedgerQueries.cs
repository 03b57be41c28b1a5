using System.Data.Common;
using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Ledger;

/// <summary>Filters for listing runs, newest first.</summary>
internal sealed record RunQuery(string? AgentId = null, string? CorrelationId = null, DateTimeOffset? Before = null, int Limit = 50);

/// <summary>Filters for listing actions, newest first; <see cref="BeforeSeq"/> pages backwards.</summary>
internal sealed record ActionQuery(string? AgentId = null, string? RunId = null, long? BeforeSeq = null, int Limit = 50);

/// <summary>Reads of ledger entries that other features need, kept beside the ledger that writes their payloads.</summary>
internal static class LedgerQueries
{
    /// <summary>The guardrail hits <paramref name="agentId"/> recorded as steps, in [<paramref name="since"/>, <paramref name="until"/>) when given.</summary>
    public static async Task<IReadOnlyList<GuardrailHit>> ReadGuardrailHitsAsync(
        DbConnection connection, string agentId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        // Step payloads are compact JSON, so the kind filter is a plain substring match on both backends.
        var sql = "SELECT payload FROM ledger_entries WHERE kind = @kind AND agent_id = @agent AND payload LIKE @guardrail";
        sql += since is null ? string.Empty : " AND recorded_at >= @since";
        sql += until is null ? string.Empty : " AND recorded_at < @until";
        await using var command = connection.CreateCommand(sql);
        command.AddParameter("kind", LedgerEntryKinds.Step);
        command.AddParameter("agent", agentId);
        command.AddParameter("guardrail", "%\"kind\":\"guardrail\"%");
        if (since is { } from)
        {
            command.AddParameter("since", from.ToUnixTimeMilliseconds());
        }

        if (until is { } to)
        {
            command.AddParameter("until", to.ToUnixTimeMilliseconds());
        }

        var hits = new List<GuardrailHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var step = JsonSerializer.Deserialize<AppendStepRequest>(reader.GetString(0), FirebreakJson.Options);
            if (step is { Kind: StepKind.Guardrail, Data: { } data } && data.Deserialize<GuardrailHit>(FirebreakJson.Options) is { } hit)
            {
                hits.Add(hit);
            }
        }

        return hits;
    }
}
