using System.Data.Common;
using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

internal sealed partial class CompensationStore
{
    private const string MitigationColumns =
        "id, run_id, action_seq, agent_id, tool, entities, task, owner, status, incident_id, created_at, updated_at, updated_by FROM mitigation_tasks";

    /// <summary>Creates the task once per action, whichever attempt gets here first.</summary>
    public Task CreateMitigationAsync(string runId, CompensationItem item, string owner, string? incidentId, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "INSERT INTO mitigation_tasks (id, run_id, action_seq, agent_id, tool, entities, task, owner, status, incident_id, created_at, updated_at, updated_by) VALUES (@id, @run, @seq, @agent, @tool, @entities, @task, @owner, @status, @incident, @at, @at, @by) ON CONFLICT (action_seq) DO NOTHING",
                ("id", $"mit_{Guid.CreateVersion7():N}"), ("run", runId), ("seq", item.ActionSeq), ("agent", item.AgentId), ("tool", item.Tool),
                ("entities", Serialize(item.Entities)), ("task", item.Target ?? item.Tool), ("owner", owner), ("status", StoredEnum.Name(MitigationStatus.Open)),
                ("incident", incidentId), ("at", context.NowMs), ("by", "compensation")),
            cancellationToken);

    public Task<WriteResult<MitigationTask>> UpdateMitigationAsync(string id, MitigationUpdateRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => UpdateMitigation(context, id, request, actor), cancellationToken);

    public async Task<IReadOnlyList<MitigationTask>> ListMitigationsAsync(MitigationStatus? status, string? runId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("status = @status", "status", status is { } s ? StoredEnum.Name(s) : null)
            .Where("run_id = @run", "run", runId);
        command.CommandText = $"SELECT {MitigationColumns}{filter} ORDER BY created_at, id LIMIT @limit";
        command.AddParameter("limit", limit);
        var tasks = await command.ReadAllAsync(ReadMitigation, cancellationToken);

        return tasks;
    }

    private static WriteResult<MitigationTask> UpdateMitigation(WriteContext context, string id, MitigationUpdateRequest request, string actor)
    {
        MitigationTask? task;
        using (var reader = context.Query($"SELECT {MitigationColumns} WHERE id = @id", ("id", id)))
        {
            task = reader.Read() ? ReadMitigation(reader) : null;
        }

        if (task is null)
        {
            return WriteResult<MitigationTask>.NotFound($"Mitigation task '{id}' does not exist.");
        }

        var updated = task with
        {
            Status = request.Status ?? task.Status,
            Owner = request.Owner ?? task.Owner,
            UpdatedAt = context.Now,
            UpdatedBy = actor,
        };
        context.Execute(
            "UPDATE mitigation_tasks SET status = @status, owner = @owner, updated_at = @at, updated_by = @by WHERE id = @id",
            ("status", StoredEnum.Name(updated.Status)), ("owner", updated.Owner), ("at", context.NowMs), ("by", actor), ("id", id));
        return WriteResult<MitigationTask>.Created(updated);
    }

    private static MitigationTask ReadMitigation(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        JsonSerializer.Deserialize<string[]>(reader.GetString(5), FirebreakJson.Options)!,
        reader.GetString(6),
        reader.GetString(7),
        StoredEnum.Parse<MitigationStatus>(reader.GetString(8)),
        reader.GetNullableString(9),
        Time(reader.GetInt64(10)),
        Time(reader.GetInt64(11)),
        reader.GetString(12));
}
