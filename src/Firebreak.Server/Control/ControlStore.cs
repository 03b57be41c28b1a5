using System.Text.Json;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Control;

/// <summary>
/// Control changes and the current snapshot. A change is written with the next epoch, its history row and its
/// <c>control_change</c> ledger entry in one transaction; the epoch is read inside that transaction, after the
/// ledger head lock that orders every writer of every node, so epochs are gapless and monotonic.
/// </summary>
internal sealed class ControlStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    public async Task<ControlSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT snapshot FROM control_state WHERE id = 1");
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? Deserialize(json)
            : throw new InvalidOperationException("The control state row is missing; the schema was not migrated.");
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored state, with the timeline entry <paramref name="entry"/> makes of
    /// the recorded change in the same transaction. <paramref name="cached"/> saves parsing the stored snapshot when it
    /// is the one this node already holds.
    /// </summary>
    public Task<(ControlSnapshot Snapshot, RecordedControlChange Recorded)> ApplyAsync(
        ControlChange change,
        ControlSnapshot cached,
        Func<RecordedControlChange, TimelineAct?>? entry,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.With(context => Apply(context, change, cached), entry is null ? null : applied => entry(applied.Recorded)), cancellationToken);

    public async Task<IReadOnlyList<RecordedControlChange>> ListAsync(string? agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // A global change reaches every agent, so it belongs to each agent's history.
        var filter = new SqlFilter(command).Where("(agent_id = @agent OR agent_id IS NULL)", "agent", agentId);
        command.CommandText = $"SELECT epoch, ledger_seq, change FROM control_changes{filter} ORDER BY epoch DESC LIMIT @limit";
        command.AddParameter("limit", limit);
        var changes = new List<RecordedControlChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var change = JsonSerializer.Deserialize<ControlChange>(reader.GetString(2), FirebreakJson.Options)
                ?? throw new InvalidDataException("A stored control change is empty.");
            changes.Add(new RecordedControlChange(reader.GetInt64(0), reader.GetInt64(1), change));
        }

        return changes;
    }

    /// <summary>Applies <paramref name="change"/> inside a transaction another store opened, so its own rows commit with the epoch.</summary>
    internal static (ControlSnapshot Snapshot, RecordedControlChange Recorded) Apply(WriteContext context, ControlChange change, ControlSnapshot cached)
    {
        var current = Stored(context, cached);
        var epoch = current.Epoch + 1;
        var next = current.Apply(change, epoch);
        var agentId = SingleAgent(change);
        var entry = context.Append(
            LedgerEntryKinds.ControlChange,
            null,
            agentId,
            JsonSerializer.Serialize(new ControlChangePayload(epoch, change), FirebreakJson.Options));
        context.Execute(
            "INSERT INTO control_changes (epoch, agent_id, change, actor, reason, incident_id, at, ledger_seq) VALUES (@epoch, @agent, @change, @actor, @reason, @incident, @at, @seq)",
            ("epoch", epoch),
            ("agent", agentId),
            ("change", JsonSerializer.Serialize(change, FirebreakJson.Options)),
            ("actor", change.Actor),
            ("reason", change.Reason),
            ("incident", change.IncidentId),
            ("at", change.At.ToUnixTimeMilliseconds()),
            ("seq", entry.Seq));
        context.Execute(
            "UPDATE control_state SET epoch = @epoch, snapshot = @snapshot WHERE id = 1",
            ("epoch", epoch),
            ("snapshot", JsonSerializer.Serialize(next, FirebreakJson.Options)));
        if (context.Database.NotifyControlChangeSql is { } notify)
        {
            context.Execute(notify, ("epoch", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return (next, new RecordedControlChange(epoch, entry.Seq, change));
    }

    /// <summary>
    /// The stored snapshot, read inside a transaction another store opened, so it can refuse a write on the state that
    /// commits with it (another node may have frozen the agent since this node last reloaded). <paramref name="cached"/>
    /// saves parsing it when it is the one this node already holds.
    /// </summary>
    internal static ControlSnapshot Stored(WriteContext context, ControlSnapshot cached)
    {
        using var reader = context.Query("SELECT epoch, snapshot FROM control_state WHERE id = 1");
        if (!reader.Read())
        {
            throw new InvalidOperationException("The control state row is missing; the schema was not migrated.");
        }

        return reader.GetInt64(0) == cached.Epoch ? cached : Deserialize(reader.GetString(1));
    }

    /// <summary>The one agent a change reaches, or <see langword="null"/> for a global change.</summary>
    private static string? SingleAgent(ControlChange change) =>
        change.FreezeAgentId ?? change.StrictAgentId ?? change.Release?.AgentId ?? change.Registry?.AgentId ?? change.Scopes.Select(s => s.AgentId).FirstOrDefault(a => a is not null);

    private static ControlSnapshot Deserialize(string json) =>
        JsonSerializer.Deserialize<ControlSnapshot>(json, FirebreakJson.Options)
        ?? throw new InvalidDataException("The stored control snapshot is empty.");
}
