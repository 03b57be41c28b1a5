using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Playbooks;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Playbooks;

/// <summary>
/// Playbook executions (<c>playbook_executions</c>). An automatic execution is claimed with its alert before its first
/// step; the unique index on alert and playbook makes the claim fail on a second node or after a restart, so an alert
/// is answered once. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed class PlaybookStore(Database database, StoreWriter writer)
{
    private const string Columns = "id, agent_id, playbook, alert_id, incident_id, automatic, triggered_by, started_at, finished_at, steps FROM playbook_executions";

    /// <summary>
    /// Stores <paramref name="execution"/> as started. An automatic one is refused (<see langword="false"/>) when the
    /// same playbook was already applied to the same alert, by this node or another.
    /// </summary>
    public Task<bool> StartAsync(PlaybookExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.Automatic && execution.AlertId is null)
        {
            throw new ArgumentException("An automatic execution answers an alert.", nameof(execution));
        }

        return writer.WriteAsync(
            context => context.Execute(
                "INSERT INTO playbook_executions (id, agent_id, playbook, alert_id, incident_id, automatic, triggered_by, started_at, finished_at, steps) VALUES (@id, @agent, @playbook, @alert, @incident, @automatic, @by, @started, NULL, @steps) ON CONFLICT (alert_id, playbook) WHERE automatic = 1 DO NOTHING",
                ("id", execution.Id),
                ("agent", execution.AgentId),
                ("playbook", execution.Playbook),
                ("alert", execution.AlertId),
                ("incident", execution.IncidentId),
                ("automatic", execution.Automatic ? 1 : 0),
                ("by", execution.TriggeredBy),
                ("started", execution.StartedAt.ToUnixTimeMilliseconds()),
                ("steps", Serialize(execution.Steps))) == 1,
            cancellationToken);
    }

    /// <summary>Records the steps' outcomes, the incident the execution ended under and when it finished.</summary>
    public Task FinishAsync(PlaybookExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return writer.WriteAsync(
            context => context.Execute(
                "UPDATE playbook_executions SET incident_id = @incident, finished_at = @finished, steps = @steps WHERE id = @id",
                ("incident", execution.IncidentId),
                ("finished", execution.FinishedAt?.ToUnixTimeMilliseconds()),
                ("steps", Serialize(execution.Steps)),
                ("id", execution.Id)),
            cancellationToken);
    }

    public async Task<PlaybookExecution?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE id = @id");
        command.AddParameter("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Executions, newest first, of one agent or all, optionally only those answering <paramref name="alertId"/>.</summary>
    public async Task<IReadOnlyList<PlaybookExecution>> ListAsync(string? agentId, string? alertId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", agentId)
            .Where("alert_id = @alert", "alert", alertId);
        command.CommandText = $"SELECT {Columns}{filter} ORDER BY started_at DESC, id DESC LIMIT @limit";
        command.AddParameter("limit", limit);
        var executions = await command.ReadAllAsync(Read, cancellationToken);

        return executions;
    }

    private static PlaybookExecution Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetNullableString(3),
        reader.GetNullableString(4),
        Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) == 1,
        DryRun: false,
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.GetNullableInt64(8) is { } finished ? DateTimeOffset.FromUnixTimeMilliseconds(finished) : null,
        JsonSerializer.Deserialize<PlaybookStepResult[]>(reader.GetString(9), FirebreakJson.Options)!);

    private static string Serialize(IReadOnlyList<PlaybookStepResult> steps) => JsonSerializer.Serialize(steps, FirebreakJson.Options);
}
