using System.Text.Json;
using Firebreak.GameDays;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.GameDays;

/// <summary>Drill records: each game day's report as posted, immutable once stored.</summary>
internal sealed class GameDayStore(Database database, StoreWriter writer)
{
    public Task<GameDayRecord> CreateAsync(GameDayReport report, string recordedBy, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                var record = new GameDayRecord($"gd_{Guid.CreateVersion7():N}", recordedBy, context.Now, report);
                context.Execute(
                    "INSERT INTO gamedays (id, agent_id, scenario, verdict, ended_at, recorded_by, recorded_at, body) " +
                    "VALUES (@id, @agent, @scenario, @verdict, @ended, @by, @at, @body)",
                    ("id", record.Id),
                    ("agent", report.AgentId),
                    ("scenario", report.Scenario),
                    ("verdict", report.Verdict == GameDayVerdict.Passed ? "passed" : "failed"),
                    ("ended", report.EndedAt.ToUnixTimeMilliseconds()),
                    ("by", recordedBy),
                    ("at", context.NowMs),
                    ("body", JsonSerializer.Serialize(record, FirebreakJson.Options)));
                return record;
            },
            cancellationToken);

    /// <summary>Drill records, newest first, optionally of one agent and one scenario.</summary>
    public async Task<IReadOnlyList<GameDayRecord>> ListAsync(string? agentId, string? scenario, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", agentId)
            .Where("scenario = @scenario", "scenario", scenario);
        command.CommandText = $"SELECT body FROM gamedays{filter} ORDER BY recorded_at DESC, id DESC LIMIT @limit";
        command.AddParameter("limit", limit);
        var records = new List<GameDayRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(JsonSerializer.Deserialize<GameDayRecord>(reader.GetString(0), FirebreakJson.Options)
                ?? throw new InvalidDataException("A stored drill record is empty."));
        }

        return records;
    }
}
