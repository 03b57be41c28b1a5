using System.Text.Json;
using Firebreak.Releases;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Releases;

/// <summary>Gradual restores, each kept whole as JSON with its status beside it for the scheduler's query.</summary>
internal sealed class RestoreStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    /// <summary>Stores a new restore; refused while another restore of the agent is running or paused.</summary>
    public Task<WriteResult<Restore>> CreateAsync(Restore restore, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                var open = context.Scalar(
                    "SELECT id FROM restores WHERE agent_id = @agent AND status IN ('running', 'paused') LIMIT 1",
                    ("agent", restore.AgentId));
                if (open is string other)
                {
                    return WriteResult<Restore>.Conflict($"Restore {other} of agent '{restore.AgentId}' is still open; abort it first.");
                }

                var stored = restore with { StartedAt = context.Now, StageStartedAt = context.Now };
                context.Execute(
                    "INSERT INTO restores (id, agent_id, status, body, updated_at) VALUES (@id, @agent, @status, @body, @at)",
                    ("id", stored.Id), ("agent", stored.AgentId), ("status", StoredEnum.Name(stored.Status)), ("body", Serialize(stored)), ("at", context.NowMs));
                return WriteResult<Restore>.Created(stored);
            },
            cancellationToken);

    /// <summary>Stores <paramref name="restore"/> as it now stands, with <paramref name="entry"/>, if any, on its incident's timeline in the same transaction.</summary>
    public Task<Restore> UpdateAsync(Restore restore, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.With(
                context =>
                {
                    context.Execute(
                        "UPDATE restores SET status = @status, body = @body, updated_at = @at WHERE id = @id",
                        ("status", StoredEnum.Name(restore.Status)), ("body", Serialize(restore)), ("at", context.NowMs), ("id", restore.Id));
                    return restore;
                },
                _ => entry),
            cancellationToken);

    public async Task<Restore?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT body FROM restores WHERE id = @id");
        command.AddParameter("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? Parse(body) : null;
    }

    /// <summary>The agent's restores, newest first.</summary>
    public Task<IReadOnlyList<Restore>> ListAsync(string agentId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT body FROM restores WHERE agent_id = @agent ORDER BY updated_at DESC, id DESC", ("agent", agentId), cancellationToken);

    /// <summary>Every running restore, for the scheduler.</summary>
    public Task<IReadOnlyList<Restore>> ListRunningAsync(CancellationToken cancellationToken) =>
        QueryAsync("SELECT body FROM restores WHERE status = @status", ("status", StoredEnum.Name(RestoreStatus.Running)), cancellationToken);

    private async Task<IReadOnlyList<Restore>> QueryAsync(string sql, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(sql);
        command.AddParameter(parameter.Name, parameter.Value);
        var restores = await command.ReadAllAsync(reader => Parse(reader.GetString(0)), cancellationToken);

        return restores;
    }

    private static string Serialize(Restore restore) => JsonSerializer.Serialize(restore, FirebreakJson.Options);

    private static Restore Parse(string body) =>
        JsonSerializer.Deserialize<Restore>(body, FirebreakJson.Options) ?? throw new InvalidDataException("A stored restore is empty.");
}
