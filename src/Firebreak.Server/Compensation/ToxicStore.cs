using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Toxic marks on runs (<c>toxic_runs</c>): the runs stay in the ledger as evidence; <c>LedgerStore</c> joins the mark
/// onto every run record and trace it reads. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed class ToxicStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    /// <summary>
    /// Marks the runs <paramref name="selection"/> (already resolved against its incident) matches; a run marked before
    /// keeps its first mark. The timeline entry <paramref name="entry"/> makes of the marking, if any, is written in the
    /// same transaction.
    /// </summary>
    public async Task<ToxicMarking> MarkAsync(
        BlastRadiusSelection selection, string reason, string markedBy, Func<ToxicMarking, TimelineAct?>? entry, CancellationToken cancellationToken)
    {
        var runIds = await SelectAsync(selection, cancellationToken);
        return await writer.WriteAsync(
            timeline.With(context => new ToxicMarking(runIds.Count, runIds.Count(runId => Mark(context, runId, selection.IncidentId, reason, markedBy))), entry),
            cancellationToken);
    }

    /// <summary>
    /// Inserts one mark and, only when the row is new, its <c>toxic_mark</c> ledger entry in the same transaction, so the
    /// full ledger audit can tell a mark added, removed or edited by hand from one the server made.
    /// </summary>
    private static bool Mark(WriteContext context, string runId, string? incidentId, string reason, string markedBy)
    {
        var inserted = context.Execute(
            "INSERT INTO toxic_runs (run_id, reason, marked_by, marked_at, incident_id) VALUES (@run, @reason, @by, @at, @incident) ON CONFLICT (run_id) DO NOTHING",
            ("run", runId),
            ("reason", reason),
            ("by", markedBy),
            ("at", context.NowMs),
            ("incident", incidentId)) > 0;
        if (inserted)
        {
            var payload = new ToxicMarkPayload(runId, reason, markedBy, DateTimeOffset.FromUnixTimeMilliseconds(context.NowMs), incidentId);
            context.Append(LedgerEntryKinds.ToxicMark, runId, null, JsonSerializer.Serialize(payload, FirebreakJson.Options));
        }

        return inserted;
    }

    /// <summary>The ids of the runs a selection matches: filters on the run itself, and on its actions for tools and outcomes.</summary>
    private async Task<List<string>> SelectAsync(BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .WhereIn("r.agent_id", "agent", selection.Agents)
            .WhereIn("r.release_id", "release", selection.Releases)
            .Where("r.started_at >= @since", "since", selection.Since?.ToUnixTimeMilliseconds())
            .Where("r.started_at < @until", "until", selection.Until?.ToUnixTimeMilliseconds())
            .WhereIn("r.correlation_id", "correlation", selection.CorrelationIds)
            .WhereIn("r.id", "run", selection.RunIds);
        if (selection.Tools is { Count: > 0 } || selection.Outcomes is { Count: > 0 })
        {
            var actions = new SqlFilter(command)
                .Where("x.run_id = r.id")
                .WhereIn("x.tool", "tool", selection.Tools)
                .WhereIn("x.outcome", "outcome", selection.Outcomes?.Select(o => StoredEnum.Name(o)).ToList());
            filter.Where($"EXISTS (SELECT 1 FROM actions x{actions})");
        }

        command.CommandText = $"SELECT r.id FROM runs r{filter} ORDER BY r.started_at, r.id";
        var runIds = await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);

        return runIds;
    }
}
