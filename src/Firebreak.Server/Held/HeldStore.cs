using Firebreak.Held;
using System.Data.Common;
using System.Text.Json;
using Firebreak.Server.Control;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Held;

/// <summary>
/// Run inputs held while their agent is paused. Releases and discards keep their actor, reason and incident id,
/// so an incident timeline finds them. Status moves held → released → delivered, or held → discarded; never back.
/// </summary>
internal sealed class HeldStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    private const string Columns =
        "id, agent_id, input, correlation_id, held_reason, status, held_at, decided_at, decided_by, decision_reason, incident_id, delivered_at, delivered_to FROM held_items";

    public Task<HeldItem> HoldAsync(HeldItemRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                var item = new HeldItem($"hld_{Guid.CreateVersion7():N}", request.AgentId, request.Input, HeldItemStatus.Held, context.Now, request.Reason, request.CorrelationId);
                context.Execute(
                    "INSERT INTO held_items (id, agent_id, input, correlation_id, held_reason, status, held_at) VALUES (@id, @agent, @input, @correlation, @reason, @status, @at)",
                    ("id", item.Id),
                    ("agent", item.AgentId),
                    ("input", item.Input.GetRawText()),
                    ("correlation", item.CorrelationId),
                    ("reason", item.Reason),
                    ("status", StoredEnum.Name(HeldItemStatus.Held)),
                    ("at", context.NowMs));
                return item;
            },
            cancellationToken);

    /// <summary>Releases or discards a held item; anything but a held item is a conflict.</summary>
    public Task<WriteResult<HeldItem>> DecideAsync(string id, bool release, string actor, OperatorDecision decision, Func<HeldItem, TimelineAct?>? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Decide(context, id, release, actor, decision), entry), cancellationToken);

    private static WriteResult<HeldItem> Decide(WriteContext context, string id, bool release, string actor, OperatorDecision decision)
    {
        if (Find(context, id) is not { } item)
        {
            return WriteResult<HeldItem>.NotFound($"Held item '{id}' does not exist.");
        }

        if (item.Status != HeldItemStatus.Held)
        {
            return WriteResult<HeldItem>.Conflict($"Held item '{id}' is already {StoredEnum.Name(item.Status)}.");
        }

        var status = release ? HeldItemStatus.Released : HeldItemStatus.Discarded;
        context.Execute(
            "UPDATE held_items SET status = @status, decided_at = @at, decided_by = @by, decision_reason = @reason, incident_id = @incident WHERE id = @id",
            ("status", StoredEnum.Name(status)), ("at", context.NowMs), ("by", actor), ("reason", decision.Reason), ("incident", decision.IncidentId), ("id", id));
        if (release && context.Database.NotifyHeldReleasedSql is { } notify)
        {
            context.Execute(notify, ("id", id));
        }

        return WriteResult<HeldItem>.Created(item with
        {
            Status = status,
            DecidedAt = context.Now,
            DecidedBy = actor,
            DecisionReason = decision.Reason,
            IncidentId = decision.IncidentId,
        });
    }

    /// <summary>
    /// Claims a released item for one enforcement point. Several points of the agent get the redelivery; the first
    /// claim wins and the others get a conflict, so the input is processed once.
    /// </summary>
    public Task<WriteResult<HeldItem>> DeliveredAsync(string id, string pointId, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                if (Find(context, id) is not { } item)
                {
                    return WriteResult<HeldItem>.NotFound($"Held item '{id}' does not exist.");
                }

                if (item.Status != HeldItemStatus.Released)
                {
                    return WriteResult<HeldItem>.Conflict($"Held item '{id}' is {StoredEnum.Name(item.Status)}, not released.");
                }

                context.Execute(
                    "UPDATE held_items SET status = @status, delivered_at = @at, delivered_to = @point WHERE id = @id",
                    ("status", StoredEnum.Name(HeldItemStatus.Delivered)), ("at", context.NowMs), ("point", pointId), ("id", id));
                return WriteResult<HeldItem>.Created(item with { Status = HeldItemStatus.Delivered, DeliveredAt = context.Now, DeliveredTo = pointId });
            },
            cancellationToken);

    public async Task<HeldItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE id = @id");
        command.AddParameter("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<HeldItem>> ListAsync(HeldItemStatus? status, string? agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", agentId)
            .Where("status = @status", "status", status is { } value ? StoredEnum.Name(value) : null);
        command.CommandText = $"SELECT {Columns}{filter} ORDER BY held_at DESC, id DESC LIMIT @limit";
        command.AddParameter("limit", limit);
        var items = await command.ReadAllAsync(Read, cancellationToken);

        return items;
    }

    private static HeldItem? Find(WriteContext context, string id)
    {
        using var reader = context.Query($"SELECT {Columns} WHERE id = @id", ("id", id));
        return reader.Read() ? Read(reader) : null;
    }

    private static HeldItem Read(DbDataReader reader)
    {
        using var input = JsonDocument.Parse(reader.GetString(2));
        return new HeldItem(
            reader.GetString(0),
            reader.GetString(1),
            input.RootElement.Clone(),
            StoredEnum.Parse<HeldItemStatus>(reader.GetString(5)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            Reason: reader.GetString(4),
            CorrelationId: reader.GetNullableString(3),
            DecidedAt: reader.GetNullableInt64(7) is { } decided ? DateTimeOffset.FromUnixTimeMilliseconds(decided) : null,
            DecidedBy: reader.GetNullableString(8),
            DecisionReason: reader.GetNullableString(9),
            IncidentId: reader.GetNullableString(10),
            DeliveredAt: reader.GetNullableInt64(11) is { } delivered ? DateTimeOffset.FromUnixTimeMilliseconds(delivered) : null,
            DeliveredTo: reader.GetNullableString(12));
    }
}
